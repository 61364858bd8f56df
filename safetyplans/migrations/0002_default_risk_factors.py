"""The default list for the risk dialogue (DOMAIN §5.21, items of §10.13). Admins may change it later."""

from django.db import migrations

DEFAULTS = [
    ("family", "Herhaald partnergeweld met politie-interventies"),
    ("child", "Kind gekwetst bij tussenkomen"),
    ("parent", "Alcoholgebruik bij alleen zorgen"),
    ("parent", "Somberheid / vermoedelijke depressie"),
    ("environment", "Schulden, werkloosheid"),
    ("parent", "Eigen ervaring met geweld in de jeugd"),
    ("child", "Jong kind (< 5 jaar)"),
    ("child", "Oudste kind neemt zorgtaken over"),
    ("family", "Geheimhouding, weinig steun gezocht"),
    ("parent", "Minimaliseren van het gebeurde"),
    ("family", "Conflict met ex-partner, loyaliteitsconflict bij het kind"),
    ("protective", "Warme band ouders–kinderen"),
    ("protective", "Betrokken familie of netwerk"),
    ("protective", "Ouder vertrok zelf bij escalatie (uitzondering)"),
]


def add_defaults(apps, schema_editor):
    RiskFactor = apps.get_model("safetyplans", "RiskFactor")
    if RiskFactor.objects.exists():
        return
    for index, (domain, text) in enumerate(DEFAULTS, start=1):
        RiskFactor.objects.create(domain=domain, text=text, order=index * 10)


class Migration(migrations.Migration):
    dependencies = [("safetyplans", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
