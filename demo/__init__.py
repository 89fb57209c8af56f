"""Demo data for development: `manage.py seed_demo` fills every layer (consumers, cases,
evidence, advisors) so a newcomer sees a living app.

The top floor: it may import every other app, and no app imports it.
"""
