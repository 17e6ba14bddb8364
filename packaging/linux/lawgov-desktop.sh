#!/bin/sh
# 法治建设台账 (LawGov Desktop): start the program installed in /opt/lawgov-desktop.
# The bundled Qt brings the IBus input-method plugin but none for Fcitx. Fcitx 5 (the input
# method of 统信UOS and 麒麟 Kylin) also serves IBus's portal interface, so a session that
# asks Qt for fcitx gets IBus through that portal instead of no Chinese input at all.
case "${QT_IM_MODULE:-}" in
  fcitx*) QT_IM_MODULE=ibus; IBUS_USE_PORTAL=1; export QT_IM_MODULE IBUS_USE_PORTAL ;;
esac
exec /opt/lawgov-desktop/lawgov-desktop "$@"
