"""makemessages without fuzzy matching.

msgmerge's fuzzy matching pre-fills a new message with the translation of a similar old one
("%(count)s card issued." arrived as "صُدِّر %(count)s حرفي.") and marks it fuzzy; removing the
flag by hand keeps the wrong Arabic. New messages arrive empty instead, and the catalogue test
fails until someone translates them.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
