// What travels on a serial cable: characters framed by the sender's line settings, and the modem control lines.
// The receiver resamples each character's waveform at its own settings, so a baud or format mismatch garbles
// characters and raises framing/parity errors as a real UART does (each character is resampled on its own:
// a mismatch does not also shift the following characters' start bits).

export type Parity = 'none' | 'odd' | 'even' | 'mark' | 'space';
export interface LineSettings { baud: number; dataBits: 5 | 6 | 7 | 8; parity: Parity; stopBits: 1 | 2 }
/** The modem outputs one end drives; a null-modem cable wires RTS→CTS, DTR→DSR+DCD of the other end. */
export interface ModemOut { dtr: boolean; rts: boolean }

export const DEFAULT_LINE: LineSettings = { baud: 115200, dataBits: 8, parity: 'none', stopBits: 1 };

/** Bits one character occupies on the wire: start + data + parity + stop. */
export function frameBits(l: LineSettings): number {
  return 1 + l.dataBits + (l.parity === 'none' ? 0 : 1) + l.stopBits;
}

function parityBit(byte: number, dataBits: number, p: Parity): number {
  let ones = 0;
  for (let i = 0; i < dataBits; i++) ones += (byte >> i) & 1;
  switch (p) {
    case 'odd': return ones % 2 === 0 ? 1 : 0;
    case 'even': return ones % 2;
    case 'mark': return 1;
    case 'space': return 0;
    case 'none': return 1;
  }
}

/** The line levels of one character (0 = space, 1 = mark), start bit first. */
function waveform(byte: number, l: LineSettings): number[] {
  const bits = [0];
  for (let i = 0; i < l.dataBits; i++) bits.push((byte >> i) & 1);
  if (l.parity !== 'none') bits.push(parityBit(byte, l.dataBits, l.parity));
  for (let i = 0; i < l.stopBits; i++) bits.push(1);
  return bits;
}

export interface Received { value: number; framingError: boolean; parityError: boolean }

/**
 * What a receiver set to `rx` reads when a character sent with `tx` arrives: it samples the middle of each of its
 * own bit cells from the start bit's falling edge. Undefined when the start bit itself is not seen (noise).
 */
export function receiveCharacter(byte: number, tx: LineSettings, rx: LineSettings): Received | undefined {
  if (tx.baud === rx.baud && tx.dataBits === rx.dataBits && tx.parity === rx.parity) {
    return { value: byte & ((1 << rx.dataBits) - 1), framingError: false, parityError: false };
  }
  const wave = waveform(byte, tx);
  const level = (cell: number): number => {
    const t = ((cell + 0.5) / rx.baud) * tx.baud; // position in sender bit cells
    const i = Math.floor(t);
    return i < wave.length ? wave[i]! : 1;
  };
  if (level(0) !== 0) return undefined;
  let value = 0;
  for (let i = 0; i < rx.dataBits; i++) value |= level(1 + i) << i;
  let cell = 1 + rx.dataBits;
  let parityError = false;
  if (rx.parity !== 'none') parityError = level(cell++) !== parityBit(value, rx.dataBits, rx.parity);
  const framingError = level(cell) !== 1;
  return { value, framingError, parityError };
}
