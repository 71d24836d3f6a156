"""The four roles as groups holding their permissions (roles.ROLES), plus the Django admin
permissions each role needs for its part of /admin/."""
from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

from dinov3site.accounts.roles import ACTIONS, ROLES

# Model permissions of the admin pages each role uses (app_label, codename).
ADMIN_PERMISSIONS = {
    "curator": [("cinematics", f"{verb}_{model}") for model in ("shotrecord", "shottag")
                for verb in ("view", "change", "delete")],
    "admin": [("cinematics", f"{verb}_{model}") for model in ("shotrecord", "shottag")
              for verb in ("view", "change", "delete")]
             + [("auth", f"{verb}_{model}") for model in ("user", "group") for verb in ("view", "add", "change", "delete")]
             + [("api", f"{verb}_apikey") for verb in ("view", "add", "change", "delete")]
             + [("accounts", "view_auditevent")],
}


def roles_create(apps, schema_editor):
    # Permissions are normally made after all migrations; the groups need them now.
    for label in ("accounts", "cinematics", "auth", "api"):
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, actions in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = list(Permission.objects.filter(content_type__app_label="accounts", codename__in=actions))
        for app_label, codename in ADMIN_PERMISSIONS.get(role, []):
            wanted += list(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)


def roles_remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("api", "0002_apikey_scopes_expiry"),
        ("cinematics", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(roles_create, roles_remove)]

    assert set(ACTIONS) >= {a for actions in ROLES.values() for a in actions}
