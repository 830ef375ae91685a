"""Purchases summarised: a client's stats as of a date, its compact orders and its KPIs."""
