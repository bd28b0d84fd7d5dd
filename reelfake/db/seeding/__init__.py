"""Deterministic seed data for reelfake: static reference lists, row generators and a COPY loader.

`python manage.py seed` is the entry point. Every seeded staff member and customer shares
DEMO_PASSWORD, so the README, the tests and a front end can log in as the demo users below.
"""

DEMO_PASSWORD = "Demo1234!"

DEMO_CUSTOMER_EMAIL = "democustomer@example.com"
DEMO_STAFF_EMAIL = "demostaff@example.com"
DEMO_MANAGER_EMAIL = "demomanager@example.com"
