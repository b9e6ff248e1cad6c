from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from artisans.cache import registry_changed
from artisans.models import Artisan, Craft, Governorate, Wilayat


@receiver(post_save, sender=Artisan)
@receiver(post_delete, sender=Artisan)
@receiver(m2m_changed, sender=Artisan.other_crafts.through)
@receiver(post_save, sender=Governorate)
@receiver(post_save, sender=Wilayat)
@receiver(post_save, sender=Craft)
@receiver(post_delete, sender=Governorate)
@receiver(post_delete, sender=Wilayat)
@receiver(post_delete, sender=Craft)
def invalidate_registry_figures(**kwargs):
    registry_changed()
