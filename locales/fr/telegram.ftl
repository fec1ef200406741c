## Telegram: descriptions of the commands in the menu next to the text field (plain text,
## no markup, at most 256 characters). One key per command shown: menu-<French name>.

menu-aide = Ce que je sais faire
menu-lier = Lier votre compte avec le code reçu de votre AMAP
menu-prochaine = Votre prochaine distribution
menu-livraisons = Vos prochaines livraisons
menu-confirmer = Confirmer que vous avez récupéré votre panier
menu-absence = Déclarer une absence
menu-donner = Faire récupérer votre panier par quelqu'un
menu-permanences = Les permanences et votre inscription
menu-contrats = Vos contrats
menu-signer = Signer un contrat
menu-evenements = Les évènements de l'AMAP
menu-langue = Changer de langue
menu-notifications = Choisir vos rappels
menu-moi = Vos informations
menu-mesdonnees = Recevoir toutes vos données
menu-oubli = Demander l'effacement de vos données
menu-confidentialite = Ce que Panier fait de vos données
menu-calendrier = Vos distributions et permanences dans votre agenda
