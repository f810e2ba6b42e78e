; Inno Setup 6 script: dist\tpsdesk\ (from packaging/freeze.py) -> dist\tpsdesk-<version>-setup.exe
;
; Built by packaging\windows\build.ps1, which passes the version and, when signing is
; configured, the sign tool. By hand, from the repository root:
;   iscc /DAppVersion=0.1.0 /DAppVersionNumbers=0.1.0.0 packaging\windows\tpsdesk.iss
;
; Installs per user without administrator rights (into %LOCALAPPDATA%\Programs\tpsdesk),
; adds a Start-menu shortcut and an uninstaller (Settings > Apps). An administrator can
; install for all users instead with: tpsdesk-<version>-setup.exe /ALLUSERS

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z ... (packaging\windows\build.ps1 does)
#endif
#ifndef AppVersionNumbers
  #define AppVersionNumbers AppVersion
#endif
#ifndef DistDir
  #define DistDir "..\..\dist\tpsdesk"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#define AppName "tpsdesk"
#define AppExe "tpsdesk.exe"

[Setup]
; AppId identifies the app across versions (upgrades, uninstall): never change it.
AppId={{D568411B-A43B-4354-A896-DE3715A7BF4F}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=tpsdesk contributors
AppComments=Desktop control panel for TPStreams live streams
VersionInfoVersion={#AppVersionNumbers}
VersionInfoProductVersion={#AppVersionNumbers}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} setup
; Per-user install, no UAC prompt. {autopf} is %LOCALAPPDATA%\Programs in this mode.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
#ifdef WINE
; Only for packaging/windows/prove_wine.py: Wine 8 cannot expand {autopf} in per-user mode.
; Never defined for a shipped setup (build.ps1 does not pass /DWINE).
DefaultDirName={localappdata}\Programs\{#AppName}
#else
DefaultDirName={autopf}\{#AppName}
#endif
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
; x64compatible needs Inno Setup 6.3 or later.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SetupIconFile=..\..\resources\icons\tpsdesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; Closes a running tpsdesk before an upgrade replaces its files.
CloseApplications=yes
OutputDir={#OutputDir}
OutputBaseFilename={#AppName}-{#AppVersion}-setup
#ifdef SigningInclude
; Only when signing is configured: build.ps1 writes "SignTool=tpsdesksign <command $f>" and
; "SignedUninstaller=yes" to that file and defines the tool with iscc /Stpsdesksign=$p.
#include SigningInclude
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade must not keep libraries the new version no longer ships.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "TPStreams live stream control panel"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
