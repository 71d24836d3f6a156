import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import dinov3site.api.models


class Migration(migrations.Migration):

    dependencies = [
        ("api", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Keys made before scopes existed could do everything: they keep that (revoke to narrow).
        migrations.AddField(
            model_name="apikey", name="scopes",
            field=models.CharField(default="read,write,admin", max_length=50,
                                   validators=[dinov3site.api.models.validate_scopes],
                                   help_text="Comma-separated: read, write, admin."),
        ),
        migrations.AlterField(
            model_name="apikey", name="scopes",
            field=models.CharField(default="read,write", max_length=50,
                                   validators=[dinov3site.api.models.validate_scopes],
                                   help_text="Comma-separated: read, write, admin."),
        ),
        migrations.AddField(
            model_name="apikey", name="expires_at",
            field=models.DateTimeField(blank=True, null=True, help_text="Optional; the key stops working then."),
        ),
        migrations.AlterField(
            model_name="apikey", name="user",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                                    to=settings.AUTH_USER_MODEL,
                                    help_text="The owner: the key never does more than this user's role. "
                                              "Empty for a pipeline key, whose scopes are all it may do."),
        ),
    ]
