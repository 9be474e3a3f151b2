"""A table's latest changes in the audit trail, read by the monitoring figures kept by
source (``globa_table_versions``). Built concurrently: the trail is the largest table and
every audited change writes to it, which a plain CREATE INDEX would hold up."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("audit", "0008_export_log")]

    operations = [
        AddIndexConcurrently(
            model_name="auditchange",
            index=models.Index(fields=["table_name", "id"], name="audit_change_table_id"),
        ),
    ]
