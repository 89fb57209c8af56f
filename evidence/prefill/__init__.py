"""A new case filled from its order screenshot (issue 18), in the evidence app because the
screenshot becomes the case's first evidence and the cases app never imports evidence.

On /cases/new/ the consumer picks the screenshot (`views.order_screenshot_upload`): it is
received through the vault's checks and stored under a random name as an `OrderScreenshot`
owned by them (`services`); a worker reads it with the OCR door and the order reader
(`reading`, never in a web request) while the page shows progress; the case form comes back
prefilled, each read field marked for checking (`shown`); on submit the case is opened by the
cases service and the vault adopts the screenshot as its evidence 1, with its transcript.
"""
