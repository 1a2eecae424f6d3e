"""Reading and writing improvement plans as files: the seeds' Word-table text, JSON/YAML, xlsx.

Every reader produces a :class:`~clearsight.engine.planfiles.document.PlanDocument` and a list
of :class:`~clearsight.engine.problems.Problem`; every writer takes a ``PlanDocument``.
"""
