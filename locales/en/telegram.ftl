## Telegram: descriptions of the commands in the menu next to the text field (plain text,
## no markup, at most 256 characters). One key per command shown: menu-<French name>.

menu-aide = What I can do
menu-lier = Link your account with the code your AMAP gave you
menu-prochaine = Your next distribution
menu-livraisons = Your coming deliveries
menu-confirmer = Confirm you collected your basket
menu-absence = Declare an absence
menu-donner = Have someone collect your basket
menu-permanences = Duty shifts and signing up
menu-contrats = Your contracts
menu-signer = Sign a contract
menu-evenements = The AMAP's events
menu-langue = Change language
menu-notifications = Choose your reminders
menu-moi = Your details
menu-mesdonnees = Receive all your data
menu-oubli = Ask for your data to be erased
menu-confidentialite = What Panier does with your data
menu-calendrier = Your distributions and duty shifts in your calendar
