"""Software titles, licences and seats, installations, the unlicensed and outdated, job profiles, expiry reminders."""
