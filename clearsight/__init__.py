"""Clearsight: improvement plans and performance frameworks for children's services."""

__version__ = "0.1.0"
