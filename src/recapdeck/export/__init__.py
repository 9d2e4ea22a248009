"""The export stage: LibreOffice (:mod:`.libreoffice`), PDF pages to images (:mod:`.raster`), the
handout PDF and PDF normalisation (:mod:`.pdf`), the handout PDF printed while LibreOffice
converts (:mod:`.handout_pdf`), and owned temporary folders (:mod:`.scratch`).

Plain functions over paths, bytes and Pillow images; nothing here knows about outlines or plans.
Heavy imports (Pillow, pypdfium2, WeasyPrint) happen inside the functions that need them.
"""
