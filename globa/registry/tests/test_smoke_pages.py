from django.urls import reverse

from globa.testing import World


def test_child_page_works(world: World) -> None:
    response = world.client_for(world.alice).get(
        reverse("registry:child", kwargs={"child_id": world.child.pk})
    )
    assert response.status_code == 200
    assert "Jonaitė" in response.content.decode()
