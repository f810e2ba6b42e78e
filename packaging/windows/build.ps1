<#
.SYNOPSIS
  Build dist\tpsdesk-<version>-setup.exe: freeze, self-test, sign (optional), Inno Setup.

.DESCRIPTION
  Run from anywhere, in a Python 3.11 environment where `pip install -e ".[packaging]"`
  was done:

      pwsh -File packaging\windows\build.ps1              # build the installer
      pwsh -File packaging\windows\build.ps1 -TestInstall # and install, self-test, uninstall it

  Needs Inno Setup 6 (ISCC.exe). Found through $env:ISCC, PATH or the default install
  folders; if missing and Chocolatey is there (as on CI runners) it is installed.

  Code signing is optional and driven by environment variables; nothing secret lives in
  the repository. Either of:
    TPSDESK_SIGN_CMD         a full command that signs one file, with $f where the quoted
                             file name goes (Inno Setup's convention; $q is a quote), e.g.
                             signtool sign /fd sha256 /a /tr <timestamp-url> /td sha256 $f
    WINDOWS_CERT_PFX_BASE64  a code-signing certificate (.pfx, base64) and
    WINDOWS_CERT_PASSWORD    its password: imported into the user's certificate store,
                             then used by signtool from the Windows SDK by thumbprint.
    WINDOWS_TIMESTAMP_URL    RFC 3161 timestamp server (default http://timestamp.digicert.com)
  When set, tpsdesk.exe, the setup and its uninstaller are signed. Unset or empty: unsigned.
#>
[CmdletBinding()]
param(
    [switch]$SkipFreeze,
    [switch]$TestInstall
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = (Resolve-Path (Join-Path $PSScriptRoot '..\..')).Path
$Dist = Join-Path $Root 'dist'
$BuildDir = Join-Path $Root 'build\windows'
New-Item -ItemType Directory -Force -Path $BuildDir | Out-Null
Set-Location $Root

function Invoke-Checked([string]$What, [scriptblock]$Block) {
    Write-Host "==> $What"
    & $Block
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit $LASTEXITCODE)" }
}

# --- version: the one in tpsdesk/__init__.py -------------------------------------------
$versionLines = & python -c "import sys; sys.path.insert(0, 'packaging'); import bundle_rules as r; v = r.read_version(); print(v); print('.'.join(map(str, r.version_tuple(v))))"
if ($LASTEXITCODE -ne 0) { throw 'could not read the version' }
$Version, $VersionNumbers = $versionLines
Write-Host "tpsdesk $Version ($VersionNumbers)"

# --- signing (optional) ------------------------------------------------------------------
function Find-SignTool {
    $cmd = Get-Command signtool.exe -ErrorAction SilentlyContinue
    if ($cmd) { return $cmd.Source }
    $kits = Join-Path ${env:ProgramFiles(x86)} 'Windows Kits\10\bin'
    $found = Get-ChildItem -Path $kits -Recurse -Filter signtool.exe -ErrorAction SilentlyContinue |
        Where-Object { $_.FullName -match '\\x64\\' } | Sort-Object FullName -Descending | Select-Object -First 1
    if (-not $found) { throw 'signtool.exe not found: install the Windows SDK or set TPSDESK_SIGN_CMD' }
    return $found.FullName
}

$SignCommand = $env:TPSDESK_SIGN_CMD
if (-not $SignCommand -and $env:WINDOWS_CERT_PFX_BASE64) {
    if (-not $env:WINDOWS_CERT_PASSWORD) { throw 'WINDOWS_CERT_PFX_BASE64 is set but WINDOWS_CERT_PASSWORD is not' }
    $pfx = Join-Path ([IO.Path]::GetTempPath()) "tpsdesk-$([guid]::NewGuid()).pfx"
    try {
        [IO.File]::WriteAllBytes($pfx, [Convert]::FromBase64String($env:WINDOWS_CERT_PFX_BASE64))
        $password = ConvertTo-SecureString $env:WINDOWS_CERT_PASSWORD -AsPlainText -Force
        # A PFX with its chain imports several certificates: sign with the one holding the key.
        $cert = Import-PfxCertificate -FilePath $pfx -CertStoreLocation Cert:\CurrentUser\My -Password $password |
            Where-Object HasPrivateKey | Select-Object -First 1
    } finally {
        Remove-Item -Force $pfx -ErrorAction SilentlyContinue
    }
    if (-not $cert) { throw 'WINDOWS_CERT_PFX_BASE64 holds no certificate with a private key' }
    $timestamp = if ($env:WINDOWS_TIMESTAMP_URL) { $env:WINDOWS_TIMESTAMP_URL } else { 'http://timestamp.digicert.com' }
    $signtool = Find-SignTool
    $SignCommand = "`$q$signtool`$q sign /fd sha256 /sha1 $($cert.Thumbprint) /tr $timestamp /td sha256 /d tpsdesk `$f"
}

function Invoke-Sign([string]$File) {
    # Run the command through a temporary .cmd file: no quoting rules of PowerShell in the way.
    $line = $SignCommand.Replace('$q', '"').Replace('$f', "`"$File`"")
    $script = Join-Path ([IO.Path]::GetTempPath()) "tpsdesk-sign-$([guid]::NewGuid()).cmd"
    Set-Content -Path $script -Value "@echo off`r`n$line`r`n" -Encoding ascii
    try {
        Invoke-Checked "sign $File" { & $script }
    } finally {
        Remove-Item -Force $script -ErrorAction SilentlyContinue
    }
}

# --- 1. freeze and self-test the bundle ------------------------------------------------
if (-not $SkipFreeze) {
    Invoke-Checked 'freeze (PyInstaller)' { python packaging/freeze.py }
}
Invoke-Checked 'self-test of the bundle' { python packaging/run_self_test.py }
$Exe = Join-Path $Dist 'tpsdesk\tpsdesk.exe'
if ($SignCommand) { Invoke-Sign $Exe } else { Write-Host '==> signing skipped (TPSDESK_SIGN_CMD / WINDOWS_CERT_* not set)' }

# --- 2. Inno Setup -----------------------------------------------------------------------
function Find-Iscc {
    if ($env:ISCC -and (Test-Path $env:ISCC)) { return $env:ISCC }
    $cmd = Get-Command iscc.exe -ErrorAction SilentlyContinue
    if ($cmd) { return $cmd.Source }
    foreach ($dir in @("${env:ProgramFiles(x86)}\Inno Setup 6", "$env:ProgramFiles\Inno Setup 6",
                       "$env:LOCALAPPDATA\Programs\Inno Setup 6")) {
        $candidate = Join-Path $dir 'ISCC.exe'
        if (Test-Path $candidate) { return $candidate }
    }
    return $null
}

$Iscc = Find-Iscc
if (-not $Iscc -and (Get-Command choco -ErrorAction SilentlyContinue)) {
    Invoke-Checked 'install Inno Setup (Chocolatey)' { choco install innosetup --yes --no-progress }
    $Iscc = Find-Iscc
}
if (-not $Iscc) { throw 'Inno Setup 6 not found: install it from its website or set $env:ISCC to ISCC.exe' }

$isccArgs = @("/DAppVersion=$Version", "/DAppVersionNumbers=$VersionNumbers", '/Qp')
if ($SignCommand) {
    # The command goes into a generated include, so its quotes never pass through a command line.
    $include = Join-Path $BuildDir 'signing.iss'
    Set-Content -Path $include -Encoding utf8 -Value "SignTool=tpsdesksign $SignCommand`r`nSignedUninstaller=yes`r`n"
    $isccArgs += @('/Stpsdesksign=$p', "/DSigningInclude=$include")
}
$isccArgs += (Join-Path $Root 'packaging\windows\tpsdesk.iss')
Invoke-Checked 'Inno Setup' { & $Iscc @isccArgs }
$Setup = Join-Path $Dist "tpsdesk-$Version-setup.exe"
if (-not (Test-Path $Setup)) { throw "Inno Setup finished but $Setup is missing" }
Write-Host "built $Setup ($([math]::Round((Get-Item $Setup).Length / 1MB, 1)) MiB)"

# --- 3. optional: install for the current user, self-test the installed app, uninstall ---
if ($TestInstall) {
    $target = Join-Path ([IO.Path]::GetTempPath()) "tpsdesk-install-test-$([guid]::NewGuid())"
    Write-Host "==> silent per-user install into $target"
    $p = Start-Process -FilePath $Setup -Wait -PassThru -ArgumentList @(
        '/VERYSILENT', '/SUPPRESSMSGBOXES', '/NORESTART', '/CURRENTUSER', "/DIR=`"$target`"", '/LOG')
    if ($p.ExitCode -ne 0) { throw "setup exited $($p.ExitCode)" }
    Invoke-Checked 'self-test of the installed app' { python packaging/run_self_test.py --exe (Join-Path $target 'tpsdesk.exe') }
    $uninstaller = Join-Path $target 'unins000.exe'
    if (-not (Test-Path $uninstaller)) { throw 'no uninstaller was installed' }
    $p = Start-Process -FilePath $uninstaller -Wait -PassThru -ArgumentList @('/VERYSILENT', '/SUPPRESSMSGBOXES', '/NORESTART')
    if ($p.ExitCode -ne 0) { throw "uninstaller exited $($p.ExitCode)" }
    # unins000.exe hands over to a copy of itself in TEMP and may return before it is done.
    $deadline = (Get-Date).AddSeconds(60)
    while ((Test-Path (Join-Path $target 'tpsdesk.exe')) -and (Get-Date) -lt $deadline) { Start-Sleep -Seconds 1 }
    if (Test-Path (Join-Path $target 'tpsdesk.exe')) { throw 'uninstall left tpsdesk.exe behind' }
    Write-Host '==> install / self-test / uninstall: ok'
}
