# Données personnelles : confidentialité, export, effacement (CNIL / RGPD).

mydata-summary =
    📄 Voici tout ce que Panier sait de vous, { $name } ({ $email }) :
    • { $roles ->
        [one] { $roles } rôle
       *[other] { $roles } rôles
    } dans votre AMAP
    • { $accounts ->
        [one] { $accounts } compte de messagerie lié
       *[other] { $accounts } comptes de messagerie liés
    }
    • { $subscriptions ->
        [one] { $subscriptions } contrat, avec vos quantités, chèques et absences
       *[other] { $subscriptions } contrats, avec vos quantités, chèques et absences
    }
    • { $shifts ->
        [one] { $shifts } permanence
       *[other] { $shifts } permanences
    }, { $answers ->
        [one] { $answers } réponse à un évènement
       *[other] { $answers } réponses à des évènements
    }
    • { $announcements ->
        [0] aucune annonce de réseau écrite par vous
        [one] { $announcements } annonce de réseau écrite par vous
       *[other] { $announcements } annonces de réseau écrites par vous
    }
    Le fichier joint contient le détail. Pour demander l'effacement, tapez /oubli.
forget-ask =
    ⚠️ Voulez-vous vraiment que Panier efface vos données personnelles ?
    Vos comptes de messagerie seront déliés, vos coordonnées et préférences supprimées. Les contrats déjà signés restent archivés avec votre nom et les montants, car la ferme doit les garder pour sa comptabilité.
forget-button-confirm = Oui, effacer mes données
forget-button-keep = Non, garder mon compte
forget-done =
    ✅ C'est fait : vos données personnelles sont effacées et ce compte n'est plus lié.
    { $kept ->
        [0] Aucun contrat signé n'était à archiver.
        [one] { $kept } contrat signé reste archivé pour la comptabilité de la ferme.
       *[other] { $kept } contrats signés restent archivés pour la comptabilité de la ferme.
    }
forget-running = Je ne peux pas effacer vos données tant qu'un de vos contrats est en cours : la ferme livre encore et votre référent·e doit pouvoir vous joindre. Écrivez aux administrateur·ices de votre AMAP ({ $contact }) pour en parler.
privacy-full =
    🔒 **Vos données dans Panier** — { $amap }
    Votre AMAP est responsable de vos données. Panier garde votre nom, vos coordonnées, vos contrats et quantités, vos paiements (suivis, jamais encaissés), vos absences, permanences et réponses aux évènements, uniquement pour organiser les distributions.
    Elles sont effacées 3 ans après votre dernière activité. Les contrats signés sont archivés plus longtemps (jusqu'à 10 ans) pour la comptabilité de la ferme, avec le minimum d'informations.
    Vos droits : tapez { $prefix }mesdonnees pour recevoir tout ce que Panier sait de vous, { $prefix }oubli pour demander l'effacement. Pour une correction ou une question : { $contact }.
privacy-full-unlinked =
    🔒 **Vos données dans Panier**
    Chaque AMAP qui utilise Panier est responsable des données de ses membres. Panier garde votre nom, vos coordonnées, vos contrats et quantités, vos paiements (suivis, jamais encaissés), vos absences, permanences et réponses aux évènements, uniquement pour organiser les distributions, et les efface 3 ans après votre dernière activité.
    Une fois votre compte lié ({ $prefix }lier CODE), tapez { $prefix }mesdonnees pour tout recevoir ou { $prefix }oubli pour demander l'effacement.
privacy-amap-notice =
    🔒 **Le mot de { $amap } sur vos données**
    { $notice }
error-too-many-attempts = Trop de codes erronés depuis ce compte : par sécurité, je n'en accepte plus pendant une heure. Vérifiez le code reçu de votre AMAP, puis réessayez plus tard.
