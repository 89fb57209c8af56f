"""Reading the evidence: the OCR door (`ocr.py`, the only module that imports the engine),
the transcripts kept per evidence (`transcripts.py`), and what is read out of them."""
