<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Qt's own strings that qtbase_zh_CN.qm leaves in English (its file dialog labels gained
     mnemonics, "&Look in:", that the shipped Chinese translation does not know yet).
     Loaded after qtbase_zh_CN.qm by ui/application.py; rebuild the .qm beside it with
     `pyside6-lrelease resources/translations/lawgov_qt_zh_CN.ts`. -->
<TS version="2.1" language="zh_CN">
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;I)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>文件名称(&amp;N)：</translation>
    </message>
</context>
</TS>
