"""Retention of a staff member's assessments and development plans (their default rules,
docs/retention.md), and legal holds on them."""

import datetime as dt

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

DEFAULTS = [
    ("assessment", 10, "Darbuotojo vertinimas saugomas 10 metų po jo užbaigimo (numatytoji; patikslinkite pagal įstaigos dokumentų saugojimo terminų rodyklę)."),
    ("plan", 10, "Darbuotojo tobulinimosi planas saugomas 10 metų po jo uždarymo (numatytoji)."),
]


def add(apps, schema_editor):
    Rule = apps.get_model("retention", "RetentionRule")
    rules = Rule.objects.using(schema_editor.connection.alias)
    for kind, years, basis in DEFAULTS:
        rules.get_or_create(
            record_kind=kind,
            valid_from=dt.date(2000, 1, 1),
            defaults={"years": years, "legal_basis": basis},
        )


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0001_initial'),
        ('cases', '0007_goals_from_assessments'),
        ('organisations', '0005_lithuanian_order'),
        ('plans', '0001_initial'),
        ('registry', '0017_age_of_majority_since_1900'),
        ('retention', '0002_default_rules'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='legalhold',
            name='legal_hold_one_record',
        ),
        migrations.AddField(
            model_name='legalhold',
            name='assessment',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='assessments.assessment'),
        ),
        migrations.AddField(
            model_name='legalhold',
            name='plan',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='plans.plan'),
        ),
        migrations.AlterField(
            model_name='destruction',
            name='record_kind',
            field=models.CharField(choices=[('child', "child's record"), ('household', "carer household's record"), ('candidate', 'inquiry that led nowhere'), ('family_case', 'early-intervention case'), ('assessment', "staff member's assessment"), ('plan', "staff member's development plan")], max_length=20, verbose_name='kind of record'),
        ),
        migrations.AlterField(
            model_name='retentionrule',
            name='record_kind',
            field=models.CharField(choices=[('child', "child's record"), ('household', "carer household's record"), ('candidate', 'inquiry that led nowhere'), ('family_case', 'early-intervention case'), ('assessment', "staff member's assessment"), ('plan', "staff member's development plan")], max_length=20, verbose_name='kind of record'),
        ),
        migrations.AlterField(
            model_name='review',
            name='record_kind',
            field=models.CharField(choices=[('child', "child's record"), ('household', "carer household's record"), ('candidate', 'inquiry that led nowhere'), ('family_case', 'early-intervention case'), ('assessment', "staff member's assessment"), ('plan', "staff member's development plan")], max_length=20, verbose_name='kind of record'),
        ),
        migrations.AddConstraint(
            model_name='legalhold',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('child__isnull', False), ('household__isnull', True), ('family_case__isnull', True), ('assessment__isnull', True), ('plan__isnull', True)), models.Q(('household__isnull', False), ('child__isnull', True), ('family_case__isnull', True), ('assessment__isnull', True), ('plan__isnull', True)), models.Q(('family_case__isnull', False), ('child__isnull', True), ('household__isnull', True), ('assessment__isnull', True), ('plan__isnull', True)), models.Q(('assessment__isnull', False), ('child__isnull', True), ('household__isnull', True), ('family_case__isnull', True), ('plan__isnull', True)), models.Q(('plan__isnull', False), ('child__isnull', True), ('household__isnull', True), ('family_case__isnull', True), ('assessment__isnull', True)), _connector='OR'), name='legal_hold_one_record', violation_error_message='A hold is on exactly one record.'),
        ),
        migrations.RunPython(add, migrations.RunPython.noop),
    ]
