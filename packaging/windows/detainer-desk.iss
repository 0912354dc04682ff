; Inno Setup script: the Windows installer of Detainer Desk, with a Start-menu entry.
;
; Build the bundle first (packaging/README.md), then, from the repository folder:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\detainer-desk.iss
; The installer is written to dist\installer\detainer-desk-<version>-setup.exe.
;
; A department deploying to many workstations passes its settings file, which is copied
; to the system-wide place (C:\ProgramData\detainer-desk\desk.toml) unless one is there:
;   detainer-desk-0.1.0-setup.exe /VERYSILENT /SETTINGS=\\records-srv\it\desk.toml

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Detainer Desk"
#define AppExe "DetainerDesk.exe"
#define Root "..\.."

[Setup]
AppId={{0000F232-7F54-54DC-92E4-7A4A1B9EC21A}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Detainer Desk
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist\installer
OutputBaseFilename=detainer-desk-{#AppVersion}-setup
SetupIconFile={#Root}\resources\icons\detainer-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder bundle: both launchers, _internal\ (Python, Qt, resources, db\).
Source: "{#Root}\dist\detainer-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; The department's settings file, when given with /SETTINGS=...; kept on uninstall.
Source: "{param:SETTINGS|}"; DestDir: "{commonappdata}\detainer-desk"; DestName: "desk.toml"; Flags: external skipifsourcedoesntexist onlyifdoesntexist uninsneveruninstall; Check: SettingsGiven

[Dirs]
Name: "{commonappdata}\detainer-desk"; Flags: uninsneveruninstall

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "The live ACTIVE ICE DETAINERS board"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
function SettingsGiven: Boolean;
begin
  Result := ExpandConstant('{param:SETTINGS|}') <> '';
end;
