; 法治建设台账 (LawGov Desktop): the Windows installer (NSIS 3, Unicode, Simplified Chinese).
;
;   makensis -DPAYLOAD=dist\lawgov-desktop -DVERSION=0.1.0 ^
;            -DOUTFILE=dist\LawGovDesktop-0.1.0-setup.exe packaging\windows\installer.nsi
;
; PAYLOAD is the PyInstaller onedir (lawgov-desktop.exe, lawgov.exe, _internal\); give it and
; OUTFILE as absolute paths (makensis resolves relative ones from this file's folder).
; Default: a per-user install without administrator rights, into
; %LOCALAPPDATA%\Programs\LawGovDesktop, with Start-menu and desktop shortcuts and an entry in
; 设置 → 应用 (HKCU). `setup.exe /ALLUSERS` run as administrator (e.g. by a deployment tool)
; installs for all users into Program Files instead. `/S` installs silently, `/D=DIR` picks
; the folder. The uninstaller removes the program's own files only: each user's ledger in
; %LOCALAPPDATA%\LawGovDesktop (ledger.sqlite3, backups, settings) always stays.
; This file is UTF-8 with a byte-order mark, so makensis reads it as UTF-8 on every system.

Unicode true
ManifestDPIAware true
!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"

!ifndef VERSION
  !error "pass -DVERSION=x.y.z"
!endif
!ifndef PAYLOAD
  !error "pass -DPAYLOAD=<the PyInstaller onedir folder>"
!endif
!ifndef OUTFILE
  !define OUTFILE "LawGovDesktop-${VERSION}-setup.exe"
!endif
!ifndef VERSION4
  !define VERSION4 "${VERSION}.0"
!endif

!define APPNAME "法治建设台账"
!define APPID "LawGovDesktop"
!define PUBLISHER "LawGov Desktop"
!define GUI_EXE "lawgov-desktop.exe"
!define CLI_EXE "lawgov.exe"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPID}"
; Build-time paths use "/", which makensis accepts on Windows and Linux alike; makensis works
; in this file's folder, so relative paths start here (pass PAYLOAD and OUTFILE absolute).
!define ICON "../../resources/icons/lawgov-desktop.ico"

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPID}"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
RequestExecutionLevel user
SetCompressor /SOLID lzma
BrandingText "${APPNAME} ${VERSION}"
ShowInstDetails nevershow
ShowUninstDetails nevershow

Var AllUsers

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "将在本机安装 ${APPNAME} ${VERSION}。$\r$\n$\r$\n默认只为当前用户安装，不需要管理员权限。台账数据保存在各用户自己的数据文件夹，卸载或升级程序都不会删除台账。$\r$\n$\r$\n单击“下一步”继续。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${GUI_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "现在启动 ${APPNAME}"
!define MUI_UNCONFIRMPAGE_TEXT_TOP "将从本机卸载 ${APPNAME}。台账数据（%LOCALAPPDATA%\${APPID}）会保留，重新安装后可继续使用。"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

VIProductVersion "${VERSION4}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${APPNAME} 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "${PUBLISHER}"

Function .onInit
  SetShellVarContext current
  StrCpy $AllUsers 0
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/ALLUSERS" $R1
  ${IfNot} ${Errors}
    UserInfo::GetAccountType
    Pop $R2
    ${If} $R2 != "Admin"
      MessageBox MB_ICONSTOP "为所有用户安装（/ALLUSERS）需要以管理员身份运行安装程序。" /SD IDOK
      Abort
    ${EndIf}
    StrCpy $AllUsers 1
    SetShellVarContext all
    StrCpy $INSTDIR "$PROGRAMFILES64\${APPID}"
  ${EndIf}
FunctionEnd

; Never install into the data folder: the uninstaller would then remove files beside the ledger.
Function .onVerifyInstDir
  ${If} $INSTDIR == "$LOCALAPPDATA\${APPID}"
    Abort
  ${EndIf}
FunctionEnd

Section "${APPNAME}" SecMain
  SectionIn RO
  ; An earlier version's program files go first, so no stale module stays behind.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File "/oname=${GUI_EXE}" "${PAYLOAD}/${GUI_EXE}"
  File "/oname=${CLI_EXE}" "${PAYLOAD}/${CLI_EXE}"
  SetOutPath "$INSTDIR\_internal"
  File /r "${PAYLOAD}/_internal/*"
  SetOutPath "$INSTDIR"
  WriteINIStr "$INSTDIR\uninstall.ini" "install" "allusers" "$AllUsers"
  WriteINIStr "$INSTDIR\uninstall.ini" "install" "version" "${VERSION}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0

  ; 设置 → 应用 / 控制面板 → 程序和功能 (HKCU for a per-user install, HKLM for all users)
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE}"
  WriteRegStr SHCTX "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr SHCTX "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD SHCTX "${UNINSTKEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  ReadINIStr $0 "$INSTDIR\uninstall.ini" "install" "allusers"
  ${If} $0 == 1
    SetShellVarContext all
  ${Else}
    SetShellVarContext current
  ${EndIf}
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  ; Only the files this installer wrote, never a recursive delete of the folder itself (a
  ; user may have chosen a folder that holds other files). The ledger
  ; (%LOCALAPPDATA%\LawGovDesktop) is not touched.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${GUI_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\uninstall.ini"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey SHCTX "${UNINSTKEY}"
SectionEnd
