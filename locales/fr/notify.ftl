# Pushed messages: reminders, alerts, farmer totals, signature requests (scheduler).
#
# Messages envoyés sans qu'on les demande (rappels, alertes, totaux du paysan…), rendus au
# moment de l'envoi dans la langue du destinataire ; puis la commande « rappel » des référent·es.
# Les dates ($date, $from, $to, $closes) arrivent en toutes lettres, en minuscules : « mardi 11 mai ».

notify-and = et

## Rappel de distribution (la veille)

notify-distribution-tomorrow = Rappel : la distribution, c'est demain.
notify-distribution-today = Rappel : la distribution, c'est aujourd'hui.
notify-distribution-soon = Rappel : votre prochaine distribution.

## Rappel envoyé à la main par un·e référent·e ($name : son nom complet)

notify-sent-by-role = Rappel envoyé par { $name }, { $role } :
notify-sent-by = Rappel envoyé par { $name } :
notify-sent-by-unknown = Rappel envoyé par l'équipe de votre AMAP :
notify-role-referent = référent·e { $contract }
notify-role-farmer = paysan·ne, { $farm }
notify-role-admin = administrateur·ice de l'AMAP
notify-manual-next = Votre prochaine livraison **{ $contract }** :

## Livraison annulée ou déplacée

notify-changed-cancelled = ⚠️ La livraison **{ $contract }** du **{ $date }** est annulée.
notify-changed-cancelled-items = Vous n'aurez donc pas : { $items }.
notify-changed-moved = ⚠️ La livraison **{ $contract }** du { $from } est déplacée au **{ $to }**.
notify-changed-merged = ⚠️ La livraison **{ $contract }** du { $from } est déplacée au **{ $to }**, où la ferme livre déjà : ce jour-là, vous recevrez les deux livraisons.
notify-changed-question =
    Une question ? Écrivez à { $names } ({ $n ->
        [one] référent·e
       *[other] référent·es
    } du contrat).

## Totaux pour le paysan ou la paysanne, une fois le délai de modification passé

notify-totals-title = Commande du **{ $date }** — { $amap }
notify-totals-contract = { $contract } · { $farm }
notify-totals-product = • { $product } : { $quantity }
notify-totals-summary =
    { $baskets ->
        [one] { $baskets } panier
       *[other] { $baskets } paniers
    } pour { $subscribers ->
        [one] { $subscribers } amapien·ne
       *[other] { $subscribers } amapien·nes
    } · { $amount }
notify-sheet = Émargement :{" "}
notify-sheet-owners =
    { $n ->
        [one] { $n } amapien·ne vient en personne
       *[other] { $n } amapien·nes viennent en personne
    }
notify-sheet-handovers =
    { $n ->
        [one] { $n } panier récupéré par quelqu'un d'autre
       *[other] { $n } paniers récupérés par quelqu'un d'autre
    }
notify-sheet-donations =
    { $n ->
        [one] { $n } panier laissé aux bénévoles
       *[other] { $n } paniers laissés aux bénévoles
    }
notify-sheet-postponed =
    { $n ->
        [one] dont { $n } panier reporté d'une livraison précédente
       *[other] dont { $n } paniers reportés d'une livraison précédente
    }
notify-button-sheet = Feuille d'émargement

## Bilan d'une distribution, pour les référent·es

notify-closeout-title = Bilan de la distribution du **{ $date }** — { $contract }
notify-closeout-collected =
    • { $n ->
        [one] { $n } panier récupéré
       *[other] { $n } paniers récupérés
    }
notify-closeout-handed-over =
    • { $n ->
        [one] { $n } panier récupéré par quelqu'un d'autre
       *[other] { $n } paniers récupérés par quelqu'un d'autre
    }
notify-closeout-postponed =
    • { $n ->
        [one] { $n } panier reporté à une autre livraison
       *[other] { $n } paniers reportés à une autre livraison
    }
notify-closeout-donated =
    • { $n ->
        [one] { $n } panier laissé aux bénévoles
       *[other] { $n } paniers laissés aux bénévoles
    }
notify-closeout-not-collected =
    • { $n ->
        [one] { $n } panier non récupéré
       *[other] { $n } paniers non récupérés
    }
notify-closeout-unconfirmed =
    • ⚠️ { $n ->
        [one] { $n } panier sans confirmation
       *[other] { $n } paniers sans confirmation
    }
notify-closeout-unconfirmed-hint = Sans confirmation : ni cochés sur la feuille d'émargement, ni confirmés par l'amapien·ne. Vous pouvez encore corriger la feuille.

## Contre-signature (paysan·ne)

notify-countersign =
    Les inscriptions au contrat **{ $contract }** sont closes : { $n ->
        [one] **{ $n } contrat signé** attend
       *[other] **{ $n } contrats signés** attendent
    } votre contre-signature.
notify-countersign-how = Voyez avec { $names } ({ $n ->
        [one] référent·e
       *[other] référent·es
    }) pour les contresigner.
notify-countersign-how-admins = Voyez avec les administrateur·ices de l'AMAP pour les contresigner.
notify-button-subscriptions = Voir les contrats signés

## Permanences

notify-duty-reminder = Rappel : vous êtes de permanence le **{ $date }**, { $hours }. Merci !
notify-duty-team = Avec vous : { $names }.
notify-duty-team-alone = Pour l'instant, vous êtes seul·e inscrit·e.
notify-duty-slots-left =
    ⚠️ { $n ->
        [one] Il manque encore { $n } bénévole : parlez-en autour de vous !
       *[other] Il manque encore { $n } bénévoles : parlez-en autour de vous !
    }
notify-duty-withdraw = Un empêchement ? Prévenez au plus vite avec { $cmd }.
notify-duty-alert =
    ⚠️ { $n ->
        [one] Il manque encore **{ $n } bénévole**
       *[other] Il manque encore **{ $n } bénévoles**
    } pour la distribution du **{ $date }** ({ $hours }). Pouvez-vous donner un coup de main ?
notify-duty-urgent =
    ⚠️ Urgent : un·e bénévole s'est désisté·e pour la distribution du **{ $date }** ({ $hours }). { $n ->
        [one] Il manque { $n } personne.
       *[other] Il manque { $n } personnes.
    }
notify-duty-urgent-ask = Si vous pouvez venir, inscrivez-vous : l'équipe compte sur vous !
notify-button-duty-sign-up = Je m'inscris
notify-button-shifts = Voir les permanences

## Signature d'un contrat

notify-signature-request = Le contrat **{ $contract }** ({ $farm }) est ouvert : vous pouvez vous inscrire jusqu'au **{ $closes }**.
notify-signature-reminder = ⚠️ Vous n'avez pas encore signé le contrat **{ $contract }** ({ $farm }). Les inscriptions ferment le **{ $closes }**.
notify-signature-how = Tapez { $cmd } pour vous inscrire.
notify-button-sign = Signer le contrat
notify-button-contracts = Voir les contrats

## Évènements

notify-event-title = Rappel : **{ $title }**
notify-event-when = 📅 **{ $date }**, { $time }
notify-event-where = 📍 { $place }
notify-event-ask = Serez-vous là ?
notify-event-answered-yes = Vous avez répondu que vous venez : à bientôt !
notify-event-answered-maybe = Vous avez répondu « peut-être » : pouvez-vous confirmer ?
notify-button-yes = Oui
notify-button-no = Non
notify-button-maybe = Peut-être

## Commande « rappel » (référent·es, paysan·nes, administrateur·ices)

remind-ask-contract = Pour quel contrat voulez-vous envoyer un rappel ?
remind-unknown-contract = Je ne trouve pas le contrat « { $input } » parmi les vôtres. Choisissez-le :
remind-ask-audience = Rappel pour **{ $contract }** : à qui l'envoyer ?
remind-button-subscribers = Les inscrit·es ({ $n })
remind-button-unsigned = Les non-signataires ({ $n })
remind-confirm-subscribers =
    Envoyer un rappel de la prochaine livraison **{ $contract }**, le **{ $date }**, { $n ->
        [one] à **{ $n } amapien·ne inscrit·e**
       *[other] aux **{ $n } amapien·nes inscrit·es**
    } ? Chacun·e y verra ce qu'il ou elle récupère.
remind-confirm-unsigned =
    Envoyer un rappel de signature du contrat **{ $contract }** { $n ->
        [one] à **{ $n } membre** qui ne l'a pas encore signé
       *[other] aux **{ $n } membres** qui ne l'ont pas encore signé
    } ? Les inscriptions ferment le **{ $closes }**.
remind-button-send = Envoyer
remind-button-cancel = Annuler
remind-cancelled = D'accord, aucun rappel n'est envoyé.
remind-nothing = Rien à rappeler pour **{ $contract }** : aucune livraison à venir et les inscriptions sont fermées.
remind-no-delivery = Il n'y a plus de livraison à venir pour **{ $contract }** : pas de rappel de livraison à envoyer.
remind-not-open = Les inscriptions au contrat **{ $contract }** ne sont pas ouvertes : pas de rappel de signature à envoyer.
remind-nobody-subscribers = Personne n'a encore signé le contrat **{ $contract }** : pas de rappel de livraison à envoyer.
remind-nobody-unsigned = Tous les membres ont signé le contrat **{ $contract }** : personne à relancer.
remind-queued =
    ✅ Rappel envoyé : { $n ->
        [one] { $n } personne le recevra
       *[other] { $n } personnes le recevront
    } dans quelques minutes.
remind-unreachable =
    ⚠️ { $n ->
        [one] { $n } personne n'a pas lié de compte de messagerie et ne le recevra pas
       *[other] { $n } personnes n'ont pas lié de compte de messagerie et ne le recevront pas
    } : prévenez-les autrement (e-mail, affichage à la distribution).
remind-none-reachable =
    ⚠️ Personne ne recevra ce rappel : { $n ->
        [one] la personne concernée n'a pas lié de compte de messagerie
       *[other] aucune des { $n } personnes concernées n'a lié de compte de messagerie
    }. Prévenez-les par e-mail ou à la distribution.
remind-already-sent = Ce rappel vient de partir : je ne l'envoie pas deux fois. Si besoin, renvoyez-le dans une minute.
remind-refused =
    Seul·es les référent·es du contrat **{ $contract }**, ses paysan·nes et les administrateur·ices de l'AMAP peuvent envoyer ce rappel. Pour toute question, écrivez à { $names } ({ $n ->
        [one] référent·e
       *[other] référent·es
    }).
