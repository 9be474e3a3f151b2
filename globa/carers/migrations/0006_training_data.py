"""Row-level security and the audit trigger for training groups and their people; the GIMK
programmes and their topics (the administrator keeps them up to date)."""

from django.db import migrations

from globa.lib.dbsecurity import protect

PROGRAMMES = [
    (
        "gimk-core",
        "core",
        "GIMK pagrindinis mokymas ketinantiems globoti, įvaikinti ar tapti budinčiais globotojais",
        "GIMK core course for people who intend to foster, adopt or become on-call carers",
        [
            ("Globa, rūpyba ir įvaikinimas Lietuvoje: sistema, vaidmenys, pagalba", "Foster care, guardianship and adoption in Lithuania: the system, roles, help"),
            ("Vaiko raida ir poreikiai", "Child development and needs"),
            ("Prieraišumas ir jo sutrikimai", "Attachment and its disorders"),
            ("Netektis, sielvartas ir trauma", "Loss, grief and trauma"),
            ("Vaiko elgesio supratimas ir pozityvi drausmė", "Understanding behaviour and positive discipline"),
            ("Vaiko ryšiai su biologine šeima", "The child's ties with the birth family"),
            ("Vaiko tapatumas ir gyvenimo istorija", "The child's identity and life story"),
            ("Šeimos pasirengimas ir pokyčiai šeimoje", "The family's readiness and changes in the family"),
            ("Bendradarbiavimas su globos centru ir pagalbos šaltiniai", "Working with the care centre and sources of help"),
        ],
    ),
    (
        "gimk-on-call",
        "on_call",
        "GIMK specializuotas mokymas budintiems globotojams ir bendruomeninių vaikų globos namų darbuotojams",
        "GIMK specialised course for on-call carers and community-home staff",
        [
            ("Skubus vaiko priėmimas: pirmosios valandos ir dienos", "Taking a child in an emergency: the first hours and days"),
            ("Kūdikių ir mažų vaikų priežiūra", "Caring for infants and small children"),
            ("Vaiko grįžimas į šeimą ar perėjimas į nuolatinę globą", "The child's return home or move to permanent care"),
            ("Profesionalaus globotojo vaidmuo, sutartis ir atokvėpis", "The professional carer's role, contract and respite"),
            ("Darbas su koordinatoriumi ir vaiko atvejo komanda", "Working with the coordinator and the child's case team"),
        ],
    ),
    (
        "gimk-relatives",
        "relatives",
        "GIMK mokymas giminaičiams, globojantiems vaiką",
        "GIMK course for relatives caring for a child",
        [
            ("Giminaičio globa: teisės, pareigos ir pagalba", "Kinship care: rights, duties and help"),
            ("Santykiai su vaiko tėvais šeimos viduje", "Relations with the child's parents within the family"),
            ("Vaiko netektis ir lojalumo konfliktai", "The child's loss and conflicts of loyalty"),
            ("Vaiko raida ir elgesys", "Child development and behaviour"),
        ],
    ),
    (
        "continuing",
        "continuing",
        "Tęstiniai mokymai globėjams ir budintiems globotojams",
        "Continuing training for carers and on-call carers",
        [
            ("Paauglystė ir savarankiškumo ugdymas", "Adolescence and learning to live independently"),
            ("Sudėtingas elgesys ir krizės", "Challenging behaviour and crises"),
            ("Rūpinimasis savimi ir perdegimo prevencija", "Self-care and preventing burnout"),
        ],
    ),
    (
        "disability",
        "disability",
        "Modulis apie vaikus su negalia",
        "Module on children with disability",
        [
            ("Negalia, raidos sutrikimai ir vaiko poreikiai", "Disability, developmental disorders and the child's needs"),
            ("Kasdienė priežiūra, sveikata ir pagalbos priemonės", "Daily care, health and aids"),
            ("Paslaugos vaikams su negalia ir jų šeimoms", "Services for children with disability and their families"),
        ],
    ),
]


def add_programmes(apps, schema_editor):
    Programme = apps.get_model("carers", "Programme")
    Topic = apps.get_model("carers", "Topic")
    db = schema_editor.connection.alias
    for position, (code, kind, name_lt, name_en, topics) in enumerate(PROGRAMMES):
        programme = Programme.objects.using(db).create(
            code=code, kind=kind, name_lt=name_lt, name_en=name_en, position=position
        )
        Topic.objects.using(db).bulk_create(
            Topic(programme=programme, position=n, title_lt=lt, title_en=en, hours=3)
            for n, (lt, en) in enumerate(topics, start=1)
        )


def remove_programmes(apps, schema_editor):
    apps.get_model("carers", "Programme").objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [("carers", "0005_training")]
    operations = [
        protect("carers_traininggroup", "centre_id"),
        protect("carers_trainer", "centre_id"),
        protect("carers_participant", "centre_id"),
        protect("carers_trainingsession", "centre_id"),
        protect("carers_attendance", "centre_id"),
        migrations.RunPython(add_programmes, remove_programmes),
    ]
