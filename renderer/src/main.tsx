import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { connect } from './transport.ts';
import './styles.css';

const connection = connect();
createRoot(document.getElementById('root')!).render(<App connection={connection} />);
