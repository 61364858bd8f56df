import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocon.settings")
application = get_asgi_application()

from cocon.startup import require_serving_settings  # noqa: E402

require_serving_settings()
