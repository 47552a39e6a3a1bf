// The .vcxproj (and .vcxproj.user) of a DriverLab project, in the shape Visual Studio + WDK write them, so the
// build reads the same items and settings VS would, and a project opens in real Visual Studio as is.
import type { ImageKind, ProjectProperties } from '../contract.ts';

export type ItemType = 'ClCompile' | 'ClInclude' | 'Inf' | 'Inx' | 'ResourceCompile' | 'None';
export interface ProjectItem { itemType: ItemType; path: string }
export interface ProjectModel { name: string; guid: string; properties: ProjectProperties; items: ProjectItem[] }

export function itemTypeFor(file: string): ItemType {
  const ext = file.toLowerCase().split('.').pop();
  switch (ext) {
    case 'c': case 'cpp': case 'cxx': case 'cc': return 'ClCompile';
    case 'h': case 'hpp': return 'ClInclude';
    // Visual Studio lists an .inx as an Inf item too (stampinf turns it into the .inf at build time).
    case 'inf': case 'inx': return 'Inf';
    case 'rc': return 'ResourceCompile';
    default: return 'None';
  }
}

export function kindOf(p: Pick<ProjectProperties, 'driverType' | 'configurationType'>): ImageKind {
  if (p.driverType === 'KMDF') return 'kmdf';
  if (p.driverType === 'WDM') return 'wdm';
  if (p.driverType === 'UMDF') return 'umdf';
  return p.configurationType === 'DynamicLibrary' ? 'dll' : 'exe';
}

export function defaultProperties(kind: ImageKind, name: string): ProjectProperties {
  const driver = kind === 'kmdf' || kind === 'wdm' || kind === 'umdf';
  return {
    targetName: name,
    configurationType: kind === 'exe' ? 'Application' : kind === 'umdf' || kind === 'dll' ? 'DynamicLibrary' : 'Driver',
    driverType: kind === 'kmdf' ? 'KMDF' : kind === 'wdm' ? 'WDM' : kind === 'umdf' ? 'UMDF' : '',
    targetPlatform: driver ? 'Universal' : 'Desktop',
    wppEnabled: false,
    infUseLocalTime: false,
    deployment: { targetDevice: '', removePreviousVersions: false, installMode: 'DoNotInstall', hardwareId: driver ? `Root\\${name}` : '' },
  };
}

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const unesc = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
const tag = (name: string, value: string | boolean) => `<${name}>${esc(String(value))}</${name}>`;

export function writeVcxproj(m: ProjectModel): string {
  const p = m.properties;
  const kind = kindOf(p);
  const toolset = kind === 'kmdf' || kind === 'wdm' ? 'WindowsKernelModeDriver10.0' : kind === 'umdf' ? 'WindowsUserModeDriver10.0' : 'v143';
  const configs = (['Debug', 'Release'] as const).map((c) => [
    `  <PropertyGroup Condition="'$(Configuration)|$(Platform)'=='${c}|x64'" Label="Configuration">`,
    `    ${tag('TargetVersion', 'Windows10')}`,
    `    ${tag('UseDebugLibraries', c === 'Debug')}`,
    `    ${tag('PlatformToolset', toolset)}`,
    `    ${tag('ConfigurationType', p.configurationType)}`,
    ...(p.driverType ? [`    ${tag('DriverType', p.driverType)}`, `    ${tag('DriverTargetPlatform', p.targetPlatform)}`] : []),
    ...(kind === 'kmdf' ? [`    ${tag('KMDF_VERSION_MAJOR', '1')}`, `    ${tag('KMDF_VERSION_MINOR', '15')}`] : []),
    ...(kind === 'umdf' ? [`    ${tag('UMDF_VERSION_MAJOR', '2')}`, `    ${tag('UMDF_VERSION_MINOR', '15')}`] : []),
    '  </PropertyGroup>',
  ].join('\r\n'));
  const groups = (['Inf', 'Inx', 'ClCompile', 'ClInclude', 'ResourceCompile', 'None'] as const)
    .map((t) => m.items.filter((i) => i.itemType === t))
    .filter((g) => g.length)
    .map((g) => ['  <ItemGroup>', ...g.map((i) => `    <${i.itemType} Include="${esc(i.path.replace(/\//g, '\\'))}" />`), '  </ItemGroup>'].join('\r\n'));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<Project DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">',
    '  <ItemGroup Label="ProjectConfigurations">',
    ...['Debug', 'Release'].map((c) => `    <ProjectConfiguration Include="${c}|x64">${tag('Configuration', c)}${tag('Platform', 'x64')}</ProjectConfiguration>`),
    '  </ItemGroup>',
    '  <PropertyGroup Label="Globals">',
    `    ${tag('ProjectGuid', m.guid)}`,
    `    ${tag('RootNamespace', m.name)}`,
    '  </PropertyGroup>',
    '  <Import Project="$(VCTargetsPath)\\Microsoft.Cpp.Default.props" />',
    ...configs,
    '  <Import Project="$(VCTargetsPath)\\Microsoft.Cpp.props" />',
    '  <PropertyGroup>',
    `    ${tag('TargetName', p.targetName)}`,
    '  </PropertyGroup>',
    '  <ItemDefinitionGroup>',
    '    <ClCompile>',
    `      ${tag('WppEnabled', p.wppEnabled)}`,
    ...(p.wppEnabled ? [`      ${tag('WppScanConfigurationData', 'Trace.h')}`] : []),
    '    </ClCompile>',
    ...(p.driverType ? ['    <Inf2Cat>', `      ${tag('UseLocalTime', p.infUseLocalTime)}`, '    </Inf2Cat>'] : []),
    '  </ItemDefinitionGroup>',
    ...groups,
    '  <Import Project="$(VCTargetsPath)\\Microsoft.Cpp.targets" />',
    '</Project>',
    '',
  ].join('\r\n');
}

/** Deployment settings live per user, beside the project, as Visual Studio keeps them. */
export function writeVcxprojUser(p: ProjectProperties): string {
  const d = p.deployment;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<Project ToolsVersion="Current" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">',
    '  <PropertyGroup>',
    `    ${tag('DeploymentTargetDevice', d.targetDevice)}`,
    `    ${tag('RemoveDriverBeforeDeployment', d.removePreviousVersions)}`,
    `    ${tag('DriverInstallMode', d.installMode)}`,
    `    ${tag('HardwareIdString', d.hardwareId)}`,
    '  </PropertyGroup>',
    '</Project>',
    '',
  ].join('\r\n');
}

const first = (xml: string, name: string): string | undefined => {
  const m = new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}>`).exec(xml);
  return m ? unesc(m[1]!).trim() : undefined;
};

export function readVcxproj(name: string, xml: string, userXml: string | undefined): ProjectModel {
  const items: ProjectItem[] = [];
  for (const m of xml.matchAll(/<(ClCompile|ClInclude|Inf|Inx|ResourceCompile|None)\s+Include="([^"]+)"/g))
    items.push({ itemType: m[1] as ItemType, path: unesc(m[2]!).replace(/\\/g, '/') });
  const driverType = (first(xml, 'DriverType') ?? '') as ProjectProperties['driverType'];
  const configurationType = (first(xml, 'ConfigurationType') ?? 'Driver') as ProjectProperties['configurationType'];
  const base = defaultProperties(kindOf({ driverType, configurationType }), name);
  const u = userXml ?? '';
  const properties: ProjectProperties = {
    targetName: first(xml, 'TargetName') ?? name,
    configurationType,
    driverType: ['KMDF', 'UMDF', 'WDM'].includes(driverType) ? driverType : '',
    targetPlatform: (first(xml, 'DriverTargetPlatform') as ProjectProperties['targetPlatform']) ?? base.targetPlatform,
    wppEnabled: first(xml, 'WppEnabled') === 'true',
    infUseLocalTime: first(xml, 'UseLocalTime') === 'true',
    deployment: {
      targetDevice: first(u, 'DeploymentTargetDevice') ?? base.deployment.targetDevice,
      removePreviousVersions: (first(u, 'RemoveDriverBeforeDeployment') ?? String(base.deployment.removePreviousVersions)) === 'true',
      installMode: (first(u, 'DriverInstallMode') as ProjectProperties['deployment']['installMode']) ?? base.deployment.installMode,
      hardwareId: first(u, 'HardwareIdString') ?? base.deployment.hardwareId,
    },
  };
  return { name, guid: first(xml, 'ProjectGuid') ?? '', properties, items };
}
