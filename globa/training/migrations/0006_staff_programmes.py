"""Training programmes for staff beside GIMK: two target groups the monitoring counts
(training groups held and people trained by target group), with their topics."""

import django.db.models.deletion
from django.db import migrations, models

PROGRAMMES = [
    (
        "staff-institutions",
        "institution_staff",
        "Mokymai institucijų ir bendruomeninių vaikų globos namų darbuotojams",
        "Training for staff of institutions and community children's homes",
        [
            ("Institucinės globos pertvarka ir bendruomeninės paslaugos", "The transformation of institutional care and community services"),
            ("Vaiko poreikių vertinimas ir individualus planas", "Assessing a child's needs and the individual plan"),
            ("Komandinis darbas ir bendradarbiavimas su šeima", "Teamwork and working with the family"),
        ],
    ),
    (
        "specialists",
        "specialists",
        "Mokymai specialistams, dirbantiems su vaiku ir šeima",
        "Training for specialists working with children and families",
        [
            ("Ankstyvoji intervencija ir atvejo vadyba", "Early intervention and case management"),
            ("Kompleksinis šeimos situacijos vertinimas", "The comprehensive assessment of a family's situation"),
            ("Darbas su trauma ir motyvuojantis pokalbis", "Working with trauma and motivational interviewing"),
        ],
    ),
]


def add_programmes(apps, schema_editor):
    Programme = apps.get_model("training", "Programme")
    Topic = apps.get_model("training", "Topic")
    db = schema_editor.connection.alias
    start = (Programme.objects.using(db).aggregate(m=models.Max("position"))["m"] or 0) + 1
    for position, (code, kind, name_lt, name_en, topics) in enumerate(PROGRAMMES, start=start):
        if Programme.objects.using(db).filter(code=code).exists():
            continue
        programme = Programme.objects.using(db).create(
            code=code, kind=kind, name_lt=name_lt, name_en=name_en, position=position
        )
        Topic.objects.using(db).bulk_create(
            Topic(programme=programme, position=n, title_lt=lt, title_en=en, hours=3)
            for n, (lt, en) in enumerate(topics, start=1)
        )


def remove_programmes(apps, schema_editor):
    Programme = apps.get_model("training", "Programme")
    Programme.objects.using(schema_editor.connection.alias).filter(
        code__in=[code for code, *_rest in PROGRAMMES], groups__isnull=True
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('support', '0010_planned_visits'),
        ('training', '0005_lithuanian_order'),
    ]

    operations = [
        migrations.AlterField(
            model_name='programme',
            name='kind',
            field=models.CharField(choices=[('core', 'core course'), ('on_call', 'specialised course for on-call carers and community-home staff'), ('relatives', 'course for relatives'), ('continuing', 'continuing training'), ('disability', 'module on children with disability'), ('institution_staff', "training for staff of institutions and community children's homes"), ('specialists', 'training for specialists working with children and families')], max_length=20, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='attendance',
            name='delivery',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='training_attendance', to='support.delivery', verbose_name='service delivery'),
        ),
        migrations.RunPython(add_programmes, remove_programmes),
    ]
