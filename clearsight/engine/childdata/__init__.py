"""Child-level data: the canonical tables every reader writes and every indicator reads."""
