"""Key the audit chain: every event's hash becomes an HMAC under VIGIL_AUDIT_KEYS.

The existing (unkeyed SHA-256) chain is verified first; a broken chain stops the upgrade,
so that keying never hides an earlier change. Then every event is re-keyed in order. Head
hashes noted outside Vigil before the upgrade no longer match: note the new head
(`vigil audit verify` prints it) after upgrading.
"""

from django.db import migrations, models


def key_the_chain(apps, schema_editor):
    from vigil.core.chain import GENESIS_HASH, event_content, keyed_hash, legacy_hash
    from vigil.core.crypto import audit_key_ring

    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    key_id = audit_key_ring().active_id
    old_prev, new_prev, expected, batch = GENESIS_HASH, GENESIS_HASH, 1, []
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
        if (
            event.sequence != expected
            or event.prev_hash != old_prev
            or legacy_hash(event_content(event)) != event.hash
        ):
            raise RuntimeError(
                f"The audit chain is broken at event {expected}; it cannot be keyed. Run "
                "`vigil audit verify` with the previous version of Vigil and restore it first."
            )
        old_prev = event.hash
        event.prev_hash, event.key_id = new_prev, key_id
        event.hash = new_prev = keyed_hash(event_content(event), key_id=key_id)
        batch.append(event)
        expected += 1
        if len(batch) >= 1000:
            AuditEvent.objects.bulk_update(batch, ["prev_hash", "hash", "key_id"])
            batch = []
    AuditEvent.objects.bulk_update(batch, ["prev_hash", "hash", "key_id"])
    AuditChainHead.objects.filter(pk=1).update(hash=new_prev)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_generated_documents")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(default="", max_length=32),
            preserve_default=False,
        ),
        migrations.RunPython(key_the_chain, migrations.RunPython.noop),
    ]
