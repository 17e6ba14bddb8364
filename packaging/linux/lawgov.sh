#!/bin/sh
# 法治建设台账 (LawGov Desktop): the `lawgov` command installed in /opt/lawgov-desktop.
exec /opt/lawgov-desktop/lawgov "$@"
