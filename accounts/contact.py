"""The consumer's contact details as the letters and the case files print them."""

from dataclasses import dataclass

from .models import User


@dataclass(frozen=True)
class ContactDetails:
    """Name, phone and postal address, each "" when the consumer has not given it."""

    name: str
    phone: str
    address: str

    @property
    def complete(self) -> bool:
        return bool(self.name and self.phone and self.address)


def contact_details(user: User | None) -> ContactDetails:
    """What the letters print for this person: their real name (else the name they chose to
    show), the contact phone (else the mobile they signed up with) and the postal address."""
    if user is None:
        return ContactDetails("", "", "")
    return ContactDetails(
        name=(user.real_name or user.display_name).strip(),
        phone=user.letter_phone,
        address=user.postal_address.strip(),
    )
