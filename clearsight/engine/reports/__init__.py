"""Reports as data: one object describes a board pack, and a renderer per format draws it.

``document`` holds the report object (sections of headings, paragraphs, tables and charts, plus
the data sheets an Excel workbook carries); ``cells`` makes text safe for spreadsheet cells;
``readability`` estimates a reading age for the children and young people's plan. No Django here.
"""
