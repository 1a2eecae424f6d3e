from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "clearsight.benchmarks"
    verbose_name = "Benchmarks (England, region, statistical neighbours)"
