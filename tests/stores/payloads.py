"""Request bodies for the store tests."""


def address(
    line="1 New St", city="Melbourne", state="Victoria", country="Australia", postal="3000"
):
    return {
        "addressLine": line,
        "cityName": city,
        "stateName": state,
        "country": country,
        "postalCode": postal,
    }


def address_of(row) -> dict:
    """The address object of an existing address row."""
    return address(
        line=row.address_line,
        city=row.city.city_name,
        state=row.city.state_name,
        country=row.city.country.country_name,
        postal=row.postal_code,
    )


def new_manager(**overrides):
    body = {
        "firstName": "Nia",
        "lastName": "New",
        "email": "nia@example.com",
        "phoneNumber": "0411111111",
        "avatar": None,
        "address": address(line="7 Home Rd"),
    }
    body.update(overrides)
    return body
