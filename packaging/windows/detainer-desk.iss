; Inno Setup script: the Windows installer of Detainer Desk, installed per machine, with a
; Start-menu entry and a shared data folder for every desk account.
;
; Needs Inno Setup 6.3 or later (x64compatible, Permissions on folders).
; Build the bundle first (packaging/README.md), then, from the repository folder:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.2.0 packaging\windows\detainer-desk.iss
; (the GitHub workflow .github/workflows/windows.yml passes the version from the package
; metadata). The installer is written to dist\installer\detainer-desk-<version>-setup.exe.
;
; Installed per machine, the program keeps the desk's data where every account that signs
; in to the desk PC finds it, not under one Windows account's %LOCALAPPDATA%:
;   C:\ProgramData\detainer-desk\desk.toml     the department's settings file
;   C:\ProgramData\detainer-desk\data\         the default SQLite database and the logs
; The data folder gets modify rights for the local Users group; a department whose desk
; accounts are a domain group names it instead:
;   detainer-desk-0.2.0-setup.exe /DESKGROUP="PITTSFIELD\Booking Desk"
;
; A department deploying to many workstations passes its settings file; it is copied to
; C:\ProgramData\detainer-desk\desk.toml at every install and upgrade (so an upgrade
; brings the department's new settings), and the install fails, saying why, if the file
; cannot be read:
;   detainer-desk-0.2.0-setup.exe /VERYSILENT /SETTINGS=\\records-srv\it\desk.toml
;
; Uninstalling removes the program and leaves C:\ProgramData\detainer-desk (the custody
; records) in place; /PURGEDATA=yes removes it too (see docs/packaging.md).

#if VER < EncodeVer(6, 3, 0)
  #error Detainer Desk's installer needs Inno Setup 6.3 or later
#endif
#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=X.Y.Z (the version in pyproject.toml)
#endif
#define AppName "Detainer Desk"
#define AppExe "DetainerDesk.exe"
#define Root "..\.."
#define DataRoot "{commonappdata}\detainer-desk"

[Setup]
AppId={{0000F232-7F54-54DC-92E4-7A4A1B9EC21A}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Detainer Desk
VersionInfoVersion={#AppVersion}
VersionInfoProductVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist\installer
OutputBaseFilename=detainer-desk-{#AppVersion}-setup
SetupIconFile={#Root}\desk_app\resources\icons\detainer-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
LicenseFile={#Root}\LICENSE
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An older version's files (a renamed migration above all) must not survive an upgrade:
; two migration heads would stop every start ("Multiple head revisions").
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; The whole one-folder bundle: both launchers, _internal\ (Python, Qt, desk_app\ with the
; policies, fonts and migrations).
Source: "{#Root}\dist\detainer-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Dirs]
Name: "{#DataRoot}"; Flags: uninsneveruninstall
Name: "{#DataRoot}\data"; Permissions: users-modify; Flags: uninsneveruninstall

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "The live ACTIVE ICE DETAINERS board"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
; A department's own group of desk accounts gets modify rights on the data folder.
Filename: "{sys}\icacls.exe"; Parameters: """{#DataRoot}\data"" /grant ""{param:DESKGROUP}:(OI)(CI)M"""; Flags: runhidden waituntilterminated; StatusMsg: "Giving the desk's accounts the data folder..."; Check: DeskGroupGiven
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
const
  DataFolderLine = 'data_folder = ''%s''';

function SettingsSource: String;
begin
  Result := ExpandConstant('{param:SETTINGS|}');
end;

function DeskGroupGiven: Boolean;
begin
  Result := ExpandConstant('{param:DESKGROUP|}') <> '';
end;

{ Refuse to start when /SETTINGS= names a file that cannot be read: a silent install
  must not leave a workstation on the wrong database. }
function InitializeSetup: Boolean;
var
  Text: AnsiString;
begin
  Result := True;
  if (SettingsSource <> '') and not LoadStringFromFile(SettingsSource, Text) then
  begin
    SuppressibleMsgBox('The settings file ' + SettingsSource + ' cannot be read. ' +
      'Check the path and that this account may read it; nothing was installed.',
      mbCriticalError, MB_OK, IDOK);
    Result := False;
  end;
end;

{ The department's file (or, the first time, an empty one) with the shared data folder
  named, so that every account on this PC uses one database. }
procedure WriteSettingsFile;
var
  Target: String;
  Text: AnsiString;
begin
  Target := ExpandConstant('{#DataRoot}\desk.toml');
  if SettingsSource <> '' then
  begin
    if not LoadStringFromFile(SettingsSource, Text) then
      RaiseException('The settings file ' + SettingsSource + ' could not be read.');
  end
  else if not LoadStringFromFile(Target, Text) then
    Text := '# Detainer Desk: the department''s settings (docs/packaging.md).' + #13#10;
  if Pos('data_folder', Text) = 0 then
    Text := Text + #13#10 + Format(DataFolderLine, [ExpandConstant('{#DataRoot}\data')]) + #13#10;
  if not SaveStringToFile(Target, Text, False) then
    RaiseException('The settings file ' + Target + ' could not be written.');
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
    WriteSettingsFile;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and
     (CompareText(ExpandConstant('{param:PURGEDATA|no}'), 'yes') = 0) then
    DelTree(ExpandConstant('{#DataRoot}'), True, True, True);
end;
