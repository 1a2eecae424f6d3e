import pytest
from django.core.management import call_command
from django.db import connection, transaction

from clearsight.audit.models import AuditEvent
from clearsight.audit.services import audit_record


@pytest.mark.django_db(transaction=True)
def test_a_full_flush_empties_the_log_and_the_log_stays_append_only_afterwards():
    audit_record(actor=None, verb="test.before_flush")
    call_command("flush", "--no-input", verbosity=0)
    assert AuditEvent.objects.count() == 0
    audit_record(actor=None, verb="test.after_flush")
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.get().verb == "test.after_flush"
