from django.core.management.commands.runserver import Command as RunserverCommand

from recommendations.demo import demo_summary


class Command(RunserverCommand):
    help = (
        "Django's development server, ending its start-up with one summary: the address, the demo accounts "
        "and how to get their two-factor code. `make run` uses it."
    )

    def on_bind(self, server_port):
        address = f"{self.protocol}://{self.addr}:{server_port}/"
        self.stdout.write(self.style.WARNING("Development server: never use it in production."))
        for line in demo_summary(address):
            self.stdout.write(line)
