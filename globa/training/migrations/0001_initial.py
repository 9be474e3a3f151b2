"""GIMK training's models, moved from the carers app without touching the database: the
tables keep their names (carers_traininggroup, ...) with their row-level security and audit
triggers."""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


MOVE_CONTENT_TYPES = """
UPDATE django_content_type c SET app_label = 'training'
 WHERE c.app_label = 'carers' AND c.model IN ('programme', 'topic', 'traininggroup', 'trainer', 'participant', 'trainingsession', 'attendance')
   AND NOT EXISTS (SELECT 1 FROM django_content_type t
                    WHERE t.app_label = 'training' AND t.model = c.model)
"""
MOVE_BACK = """
UPDATE django_content_type c SET app_label = 'carers'
 WHERE c.app_label = 'training' AND c.model IN ('programme', 'topic', 'traininggroup', 'trainer', 'participant', 'trainingsession', 'attendance')
   AND NOT EXISTS (SELECT 1 FROM django_content_type t
                    WHERE t.app_label = 'carers' AND t.model = c.model)
"""


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('carers', '0007_contract_ended_early'),
        ('organisations', '0003_public_details'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables exist (created by the carers app's migrations, names kept): only
        # Django's idea of which app holds the models changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Programme',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(max_length=40, unique=True, verbose_name='code')),
                        ('kind', models.CharField(choices=[('core', 'core course'), ('on_call', 'specialised course for on-call carers and community-home staff'), ('relatives', 'course for relatives'), ('continuing', 'continuing training'), ('disability', 'module on children with disability')], max_length=20, verbose_name='kind')),
                        ('name_lt', models.CharField(max_length=300, verbose_name='name in Lithuanian')),
                        ('name_en', models.CharField(max_length=300, verbose_name='name in English')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                        ('is_active', models.BooleanField(default=True, verbose_name='in use')),
                    ],
                    options={
                        'verbose_name': 'training programme',
                        'verbose_name_plural': 'training programmes',
                        'db_table': 'carers_programme',
                        'ordering': ['position', 'code'],
                    },
                ),
                migrations.CreateModel(
                    name='Topic',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField(verbose_name='position')),
                        ('title_lt', models.CharField(max_length=300, verbose_name='title in Lithuanian')),
                        ('title_en', models.CharField(max_length=300, verbose_name='title in English')),
                        ('hours', models.DecimalField(decimal_places=1, default=3, max_digits=4, verbose_name='hours')),
                        ('programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='topics', to='training.programme')),
                    ],
                    options={
                        'verbose_name': 'topic',
                        'verbose_name_plural': 'topics',
                        'db_table': 'carers_topic',
                        'ordering': ['programme', 'position'],
                    },
                ),
                migrations.CreateModel(
                    name='TrainingGroup',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('starts_on', models.DateField(verbose_name='starts on')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('centre', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.organisation')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('programme', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='groups', to='training.programme', verbose_name='programme')),
                    ],
                    options={
                        'verbose_name': 'training group',
                        'verbose_name_plural': 'training groups',
                        'db_table': 'carers_traininggroup',
                        'ordering': ['-starts_on', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='Trainer',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('name', models.CharField(max_length=200, verbose_name='trainer')),
                        ('certified', models.BooleanField(default=False, verbose_name='certified GIMK trainer')),
                        ('centre', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.organisation')),
                        ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='trainers', to='training.traininggroup')),
                    ],
                    options={
                        'verbose_name': 'trainer',
                        'verbose_name_plural': 'trainers',
                        'db_table': 'carers_trainer',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='Participant',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('person_name', models.CharField(blank=True, max_length=200, verbose_name='name')),
                        ('certificate_on', models.DateField(blank=True, null=True, verbose_name='certificate date')),
                        ('certificate_number', models.CharField(blank=True, max_length=50, verbose_name='certificate number')),
                        ('candidate', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='trainings', to='carers.candidate', verbose_name='prospective carer')),
                        ('centre', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.organisation')),
                        ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='participants', to='training.traininggroup')),
                    ],
                    options={
                        'verbose_name': 'participant',
                        'verbose_name_plural': 'participants',
                        'db_table': 'carers_participant',
                    },
                ),
                migrations.CreateModel(
                    name='TrainingSession',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('held_on', models.DateField(verbose_name='date')),
                        ('centre', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.organisation')),
                        ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sessions', to='training.traininggroup')),
                        ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('topics', models.ManyToManyField(related_name='+', to='training.topic', verbose_name='topics covered')),
                    ],
                    options={
                        'verbose_name': 'training session',
                        'verbose_name_plural': 'training sessions',
                        'db_table': 'carers_trainingsession',
                        'ordering': ['held_on'],
                    },
                ),
                migrations.CreateModel(
                    name='Attendance',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('centre', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.organisation')),
                        ('participant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendance', to='training.participant')),
                        ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendance', to='training.trainingsession')),
                    ],
                    options={
                        'verbose_name': 'attendance',
                        'verbose_name_plural': 'attendance',
                        'db_table': 'carers_attendance',
                    },
                ),
                migrations.AddConstraint(
                    model_name='topic',
                    constraint=models.UniqueConstraint(fields=('programme', 'position'), name='topic_position'),
                ),
                migrations.AddConstraint(
                    model_name='participant',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('candidate__isnull', False), ('person_name', '')), models.Q(('candidate__isnull', True), models.Q(('person_name', ''), _negated=True)), _connector='OR'), name='participant_is_someone'),
                ),
                migrations.AddConstraint(
                    model_name='participant',
                    constraint=models.UniqueConstraint(fields=('group', 'candidate'), name='participant_once_per_group'),
                ),
                migrations.AddConstraint(
                    model_name='attendance',
                    constraint=models.UniqueConstraint(fields=('session', 'participant'), name='attendance_once_per_session'),
                ),
            ],
            database_operations=[],
        ),
        # Admin history and permissions point at the models through their content types.
        migrations.RunSQL(MOVE_CONTENT_TYPES, MOVE_BACK),
    ]
