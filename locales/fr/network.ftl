# Réseaux d'AMAP : annonces (annonce, annonces), leur relecture, leur envoi, et la page
# publique du réseau (annuaire et carte).
#
# Variables communes : $id (numéro de l'annonce), $network (nom du réseau), $cmd (une commande
# exacte à taper, avec son préfixe), $count (un nombre de personnes ou d'annonces).

## Types d'annonce

network-kind-farm-seeks-amap = Paysan cherche AMAP
network-kind-amap-seeks-farm = AMAP cherche paysan
network-kind-news = Nouvelle du réseau

## Écrire une annonce (annonce)

network-ask-kind = Quel type d'annonce voulez-vous publier ?
network-ask-product = Quel produit ? Par exemple « légumes » ou « fromage de chèvre ».
network-ask-area = Dans quel secteur ? Par exemple « Lyon 4e » ou « Monts du Lyonnais ». Répondez « - » si ce n'est pas utile.
network-ask-body = Votre texte, en quelques lignes (1 000 caractères au plus). Dites comment vous joindre : il sera lu tel quel.
network-empty-answer = Je n'ai rien reçu. Répondez par un texte, ou « stop » pour abandonner.
network-too-long = Ce texte est trop long : { $max } caractères au plus. Raccourcissez-le et renvoyez-le.
network-unknown-kind = Je ne connais pas ce type d'annonce. Choisissez-en un :
network-cannot-write =
    Les annonces du réseau sont écrites par les paysan·nes, les administrateur·ices d'AMAP et la coordination du réseau.
    Pour en proposer une, écrivez aux administrateur·ices de votre AMAP.
network-sent-pending =
    ✅ Merci ! Votre annonce n°{ $id } est transmise à { $network }.
    Elle sera envoyée après relecture par la coordination du réseau.
network-sent-published =
    ✅ Annonce n°{ $id } publiée. { $count ->
        [0] Personne n'est joignable pour l'instant : elle reste visible avec { $cmd }.
        [one] Elle part vers { $count } personne.
       *[other] Elle part vers { $count } personnes.
    }

## Lire les annonces (annonces)

network-list-header = 📰 **Annonces du réseau**
network-list-empty = Aucune annonce en cours dans votre réseau. Pour en publier une : { $cmd }
network-list-none-network = Votre AMAP ne fait partie d'aucun réseau sur Panier : il n'y a pas d'annonce à lire.
network-item-title = **n°{ $id } · { $kind }** — { $from }
network-item-product = 🥕 { $product }
network-item-area = 📍 { $area }
network-item-until = Jusqu'au { $date }
network-write-hint = Pour publier une annonce : { $cmd }

## Relecture par la coordination du réseau

network-pending-header = ⚠️ { $count ->
        [one] **1 annonce à relire**
       *[other] **{ $count } annonces à relire**
    }
network-pending-none = Aucune annonce à relire.
network-button-approve = Valider n°{ $id }
network-button-reject = Refuser n°{ $id }
network-approved =
    ✅ Annonce n°{ $id } validée. { $count ->
        [0] Personne n'est joignable pour l'instant : elle reste visible avec { $cmd }.
        [one] Elle part vers { $count } personne.
       *[other] Elle part vers { $count } personnes.
    }
network-rejected = Annonce n°{ $id } refusée : elle ne sera pas envoyée.
network-already-decided = L'annonce n°{ $id } a déjà été traitée, ou elle a expiré.
network-unknown-announcement = Je ne trouve pas d'annonce n°{ $id } à relire. Tapez { $cmd } pour voir la liste.
network-moderate-usage = Indiquez le numéro de l'annonce, par exemple : { $cmd }
network-moderators-only = La relecture des annonces est réservée à la coordination du réseau.

## Annonce envoyée (notification)

network-push-title = 📰 **{ $kind }** — { $network }
network-push-from = De : { $from }
network-push-more = Toutes les annonces : { $cmd } · Ne plus les recevoir : { $off }
network-button-list = Voir les annonces

## Page publique du réseau (web)

web-network-title = { $network } — AMAP et fermes
web-network-intro = Les AMAP et les fermes de { $network }. Cliquez sur un point de la carte pour aller à sa fiche.
web-network-map-label = Carte des AMAP et des fermes de { $network }
web-network-legend-amap = AMAP (lieu de distribution)
web-network-legend-farm = Ferme
web-network-amaps = AMAP
web-network-farms = Fermes
web-network-no-amap = Aucune AMAP n'est encore inscrite.
web-network-no-farm = Aucune ferme n'est encore inscrite.
web-network-when = Distribution le { $day }, { $start }–{ $end }
web-network-place = 📍 { $place }
web-network-products = Produits : { $products }
web-network-contact = Écrire à l'AMAP
web-network-contact-farm = Écrire à la ferme
web-network-no-location = (pas encore sur la carte)
web-network-geojson = Ces données au format GeoJSON (pour uMap) : { $url }
web-network-unknown = Ce réseau n'existe pas
web-network-unknown-body = Vérifiez l'adresse de la page.
web-network-outline = Contour de la France : Natural Earth (domaine public).

## Aide (coordination du réseau)

help-section-network = **Réseau et annuaire**
help-cmd-annonce = { $cmd } — écrire une annonce, ou en relire une (« valider 12 », « refuser 12 »)
help-cmd-annonces = { $cmd } — les annonces en cours et celles à relire

## Annonce à relire (notification à la coordination)

network-push-pending = ⚠️ **Une annonce attend votre relecture** — { $network }

## L'annuaire du réseau (reseau) et les fiches des AMAP et des fermes (fiche).
## $slug : l'identifiant court d'une AMAP ou d'une ferme, à taper après /fiche.

help-cmd-reseau = { $cmd } — l'annuaire du réseau : AMAP, fermes et chiffres par saison
help-cmd-fiche = { $cmd } — voir et corriger la fiche de votre AMAP ou de votre ferme dans l'annuaire
directory-coordination-only =
    L'annuaire du réseau est réservé à sa coordination.
    Pour voir ou corriger la fiche de votre AMAP ou de votre ferme : { $cmd }
directory-network-header = 🗺️ **{ $network }** — { $amaps ->
        [one] { $amaps } AMAP
       *[other] { $amaps } AMAP
    }, { $farms ->
        [0] aucune ferme
        [one] { $farms } ferme
       *[other] { $farms } fermes
    }
directory-network-page = Page publique et carte : { $url }
directory-amap-title = **{ $name }** ({ $slug })
directory-amap-where = 📍 { $place } · { $when }
directory-amap-contact = Contact : { $email }
directory-amap-no-season = Pas encore de contrat sur Panier.
directory-amap-figures = { $season } : { $members ->
        [one] { $members } membre
       *[other] { $members } membres
    } · { $contracts ->
        [one] { $contracts } contrat
       *[other] { $contracts } contrats
    } ({ $subscriptions ->
        [one] { $subscriptions } souscription
       *[other] { $subscriptions } souscriptions
    }) · { $deliveries ->
        [one] { $deliveries } livraison
       *[other] { $deliveries } livraisons
    }
directory-farms-header = **Fermes**
directory-farm-line = • { $name } ({ $slug })
directory-farm-line-products = • { $name } ({ $slug }) — { $products }
directory-network-hint = Les chiffres sont des totaux : aucun nom de membre n'est partagé avec le réseau. Pour corriger une fiche : { $cmd }
directory-button-entry = Fiche : { $name }
directory-nothing-to-edit =
    Les fiches de l'annuaire sont tenues par les administrateur·ices de chaque AMAP, les paysan·nes pour leur ferme et la coordination du réseau.
    Pour signaler une erreur, écrivez aux administrateur·ices de votre AMAP.
directory-choose = { $count ->
        [one] Vous pouvez corriger cette fiche : choisissez-la, ou tapez { $cmd }
       *[other] Vous pouvez corriger ces { $count } fiches. Choisissez-en une, ou tapez par exemple { $cmd }
    }
directory-unknown-entry = Je ne trouve pas de fiche « { $input } ».
directory-title-amap = **Fiche annuaire — { $name }** (AMAP, { $slug })
directory-title-farm = **Fiche annuaire — { $name }** (ferme, { $slug })
directory-field-line = { $field } : { $value }
directory-empty-field = —
directory-not-on-map = pas encore placée sur la carte
directory-fields-amap =
    Pour corriger un champ, tapez par exemple : { $cmd }
    Champs : nom, lieu, adresse, contact, position, produits. « - » vide un champ.
directory-fields-farm =
    Pour corriger un champ, tapez par exemple : { $cmd }
    Champs : nom, adresse, contact, position, produits. « - » vide un champ.
directory-unknown-field = Je ne connais pas le champ « { $input } ».
directory-ask-value = Indiquez la nouvelle valeur après le nom du champ, par exemple : { $cmd }
directory-too-long = Ce texte est trop long : { $max } caractères au plus. Exemple : { $cmd }
directory-name-needed = Le nom ne peut pas être vide. Exemple : { $cmd }
directory-bad-contact = Ce n'est pas une adresse e-mail. Exemple : { $cmd }
directory-bad-location = Je n'ai pas compris la position. Indiquez la latitude puis la longitude, par exemple : { $cmd }
directory-saved = ✅ Fiche mise à jour ({ $field ->
        [name] nom
        [place] lieu
        [address] adresse
        [contact] contact
        [location] position
       *[products] produits
    }). La page du réseau l'affiche dès maintenant.
directory-field-word-name = nom
directory-field-word-place = lieu
directory-field-word-address = adresse
directory-field-word-contact = contact
directory-field-word-location = position
directory-field-word-products = produits
directory-example-name = AMAP des Capucins
directory-example-place = Salle des Capucins
directory-example-address = 3 rue des Lilas, 69001 Lyon
directory-example-contact = bureau@mon-amap.fr
directory-example-location = 45.7676, 4.8344
directory-example-products = légumes, œufs, pain
