# Referent, farmer and admin commands (totaux, émargement, annuler, déplacer, paiements, commandes, membres, inviter, évènement).
