"""The Excel import wizard: file and sheet, header mapping, row check, import."""
