"""CardDAV sync: the contacts in the address book the user already lives in (Nextcloud, iCloud,
Fastmail, Radicale, ...). Nothing here runs unless the user set sync up and asked for it."""
