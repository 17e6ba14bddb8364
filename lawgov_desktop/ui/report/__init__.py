"""The annual report page: editor, sections, preview, export, place fields."""
