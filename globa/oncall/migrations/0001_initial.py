"""On-call care's models, moved from the carers app without touching the database: the
tables keep their names (carers_contract, ...) with their row-level security and audit
triggers."""

import django.contrib.postgres.constraints
import django.contrib.postgres.fields
import django.db.models.deletion
import globa.registry.models
import uuid
from django.conf import settings
from django.db import migrations, models


MOVE_CONTENT_TYPES = """
UPDATE django_content_type c SET app_label = 'oncall'
 WHERE c.app_label = 'carers' AND c.model IN ('contract', 'respite', 'matchweight', 'match')
   AND NOT EXISTS (SELECT 1 FROM django_content_type t
                    WHERE t.app_label = 'oncall' AND t.model = c.model)
"""
MOVE_BACK = """
UPDATE django_content_type c SET app_label = 'carers'
 WHERE c.app_label = 'oncall' AND c.model IN ('contract', 'respite', 'matchweight', 'match')
   AND NOT EXISTS (SELECT 1 FROM django_content_type t
                    WHERE t.app_label = 'carers' AND t.model = c.model)
"""


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('carers', '0007_contract_ended_early'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('organisations', '0003_public_details'),
        ('registry', '0010_occupancy'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables exist (created by the carers app's migrations, names kept): only
        # Django's idea of which app holds the models changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Contract',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('number', models.CharField(max_length=50, verbose_name='contract number')),
                        ('starts_on', models.DateField(verbose_name='from')),
                        ('ends_on', models.DateField(verbose_name='until')),
                        ('places', models.PositiveSmallIntegerField(help_text='How many children the carer takes at once.', verbose_name='places')),
                        ('age_min', models.PositiveSmallIntegerField(default=0, verbose_name='accepts children from age')),
                        ('age_max', models.PositiveSmallIntegerField(default=17, verbose_name='accepts children up to age')),
                        ('accepts_disability', models.BooleanField(default=False, verbose_name='accepts children with disability')),
                        ('accepts_siblings', models.BooleanField(default=True, verbose_name='accepts sibling groups')),
                        ('around_the_clock', models.BooleanField(default=True, help_text='Accepts a child within the hour, day and night (24-hour acceptance).', verbose_name='takes a child at any hour')),
                        ('notes', models.TextField(blank=True, verbose_name='notes')),
                        ('ended_early_because', models.CharField(blank=True, db_default='', help_text='Given when the contract is ended before its date; the date it had is kept in the history.', max_length=300, verbose_name='why it ended early')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('version', models.PositiveIntegerField(default=1)),
                        ('centre', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.organisation', verbose_name='care centre')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('household', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='contracts', to='registry.carerhousehold', verbose_name='on-call carer')),
                    ],
                    options={
                        'verbose_name': 'on-call contract',
                        'verbose_name_plural': 'on-call contracts',
                        'db_table': 'carers_contract',
                        'ordering': ['-starts_on'],
                    },
                ),
                migrations.CreateModel(
                    name='Match',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('children', django.contrib.postgres.fields.ArrayField(base_field=models.UUIDField(), size=None, verbose_name='children')),
                        ('placed_on', models.DateField(verbose_name='placed on')),
                        ('rank', models.PositiveSmallIntegerField(verbose_name='rank of the chosen carer')),
                        ('score', models.DecimalField(decimal_places=1, max_digits=5, verbose_name='score')),
                        ('ranking', models.JSONField(verbose_name='the ranking chosen from')),
                        ('reasons', models.TextField(blank=True, verbose_name='reasons for the choice')),
                        ('placements', django.contrib.postgres.fields.ArrayField(base_field=models.UUIDField(), size=None, verbose_name='placements')),
                        ('at', models.DateTimeField(auto_now_add=True)),
                        ('by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('centre', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.organisation')),
                        ('household', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='matches', to='registry.carerhousehold')),
                    ],
                    options={
                        'verbose_name': 'emergency match',
                        'verbose_name_plural': 'emergency matches',
                        'db_table': 'carers_match',
                        'ordering': ['-at'],
                    },
                ),
                migrations.CreateModel(
                    name='MatchWeight',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('criterion', models.CharField(choices=[('near', 'close to home (same municipality, else same county)'), ('siblings', 'a brother or sister already with the carer'), ('language', "speaks the child's language"), ('load', 'fewer children in care now'), ('experience', "experience with the child's needs")], max_length=20, verbose_name='criterion')),
                        ('weight', models.PositiveSmallIntegerField(verbose_name='weight')),
                        ('centre', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.organisation')),
                    ],
                    options={
                        'verbose_name': 'matching weight',
                        'verbose_name_plural': 'matching weights',
                        'db_table': 'carers_matchweight',
                    },
                ),
                migrations.CreateModel(
                    name='Respite',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('starts_on', models.DateField(verbose_name='from')),
                        ('ends_on', models.DateField(verbose_name='until')),
                        ('reason', models.CharField(blank=True, max_length=200, verbose_name='reason')),
                        ('centre', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.organisation')),
                        ('contract', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='respites', to='oncall.contract')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'respite',
                        'verbose_name_plural': 'respite periods',
                        'db_table': 'carers_respite',
                        'ordering': ['starts_on'],
                    },
                ),
                migrations.AddIndex(
                    model_name='contract',
                    index=models.Index(fields=['centre', 'ends_on'], name='contract_centre_end'),
                ),
                migrations.AddConstraint(
                    model_name='contract',
                    constraint=django.contrib.postgres.constraints.ExclusionConstraint(expressions=[('household', '='), (globa.registry.models.DateRange('starts_on', 'ends_on', models.Value('[]')), '&&')], name='contract_no_overlap_per_household', violation_error_message='The carer already has a contract for these dates.'),
                ),
                migrations.AddConstraint(
                    model_name='contract',
                    constraint=models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='contract_period', violation_error_message='The contract ends before it starts.'),
                ),
                migrations.AddConstraint(
                    model_name='contract',
                    constraint=models.CheckConstraint(condition=models.Q(('places__gte', 1), ('places__lte', 6)), name='contract_places'),
                ),
                migrations.AddConstraint(
                    model_name='contract',
                    constraint=models.CheckConstraint(condition=models.Q(('age_max__lte', 17), ('age_min__lte', models.F('age_max'))), name='contract_ages', violation_error_message='The upper age must not be below the lower age.'),
                ),
                migrations.AddConstraint(
                    model_name='match',
                    constraint=models.CheckConstraint(condition=models.Q(('rank', 1), models.Q(('reasons', ''), _negated=True), _connector='OR'), name='match_passed_over_has_reasons', violation_error_message='Say why a higher-ranked carer was passed over.'),
                ),
                migrations.AddConstraint(
                    model_name='matchweight',
                    constraint=models.UniqueConstraint(fields=('centre', 'criterion'), name='match_weight_unique', nulls_distinct=False),
                ),
                migrations.AddConstraint(
                    model_name='matchweight',
                    constraint=models.CheckConstraint(condition=models.Q(('weight__lte', 10)), name='match_weight_range'),
                ),
                migrations.AddConstraint(
                    model_name='respite',
                    constraint=django.contrib.postgres.constraints.ExclusionConstraint(expressions=[('contract', '='), (globa.registry.models.DateRange('starts_on', 'ends_on', models.Value('[]')), '&&')], name='respite_no_overlap', violation_error_message='Another respite covers some of these days.'),
                ),
                migrations.AddConstraint(
                    model_name='respite',
                    constraint=models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='respite_period', violation_error_message='The respite ends before it starts.'),
                ),
            ],
            database_operations=[],
        ),
        # Admin history and permissions point at the models through their content types.
        migrations.RunSQL(MOVE_CONTENT_TYPES, MOVE_BACK),
    ]
