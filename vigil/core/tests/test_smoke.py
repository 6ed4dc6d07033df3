from vigil.core.tests.factories import client_for


def test_admin_sees_home_with_institution_name(personas):
    response = client_for(personas.admin).get("/")
    assert response.status_code == 200
    assert "Institution A" in response.content.decode()
