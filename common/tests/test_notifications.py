import pytest
from django.core import mail
from django.test import Client

from common.models import Notification
from common.services.notifications import Channel, Message, NotDeliverable, notification_send
from common.sms import LocmemSmsBackend
from common.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
MESSAGE = Message(subject="Q2 coordination meeting", body="Tuesday 13 May, 09:00", url="/engagements/x/")


def test_each_channel_delivers():
    user = UserFactory(phone="+639171234567")
    notification_send(channel=Channel.EMAIL, message=MESSAGE, user=user)
    notification_send(channel=Channel.IN_APP, message=MESSAGE, user=user)
    LocmemSmsBackend.outbox.clear()
    notification_send(channel=Channel.SMS, message=MESSAGE, user=user)
    assert mail.outbox[0].to == [user.email] and "/engagements/x/" in mail.outbox[0].body
    assert Notification.objects.get(recipient=user).title == "Q2 coordination meeting"
    assert LocmemSmsBackend.outbox == [
        {"to": "+639171234567", "text": "Q2 coordination meeting: Tuesday 13 May, 09:00"}
    ]


def test_a_missing_address_is_not_deliverable():
    with pytest.raises(NotDeliverable):
        notification_send(channel=Channel.SMS, message=MESSAGE, user=UserFactory(phone=""))
    with pytest.raises(NotDeliverable):
        notification_send(channel=Channel.IN_APP, message=MESSAGE, email="someone@example.org")


def test_the_page_lists_only_my_notifications_and_marks_them_read(client):
    me, other = UserFactory(), UserFactory()
    notification_send(channel=Channel.IN_APP, message=MESSAGE, user=me)
    notification_send(channel=Channel.IN_APP, message=Message(subject="Not yours", body=""), user=other)
    client.force_login(me)
    page = client.get("/notifications/").content.decode()
    assert "Q2 coordination meeting" in page and "Not yours" not in page
    assert client.post("/notifications/").status_code == 302
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).exists()


def test_marking_read_needs_csrf():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    assert client.post("/notifications/").status_code == 403
