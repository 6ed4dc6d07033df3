from django.apps import AppConfig


class SensitiveTestConfig(AppConfig):
    name = "vigil.core.tests.sensitive"
    label = "sensitive_test"
