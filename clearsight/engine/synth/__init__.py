"""Synthetic children's services data: a council's children, their journeys and the files
councils hold about them (SSDA903, CIN census, Ofsted Annex A, workforce). See
``docs/synthetic-data.md``; run it with ``clearsight synth``."""

from .generate import FORMATS, Summary, SynthConfig, generate

__all__ = ["FORMATS", "Summary", "SynthConfig", "generate"]
