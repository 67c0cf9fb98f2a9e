/** The meanings a column can have in a transaction export. */
export const ROLES = [
  'invoice',
  'customer',
  'date',
  'sku',
  'description',
  'quantity',
  'unit_price',
  'line_total',
  'country',
  'email',
  'category',
  'first_name',
  'last_name',
  'full_name',
  'phone',
  'city',
  'postcode',
] as const;

export type Role = (typeof ROLES)[number];

/** Personal and address roles: carried into `lines` as text, used only by contact exports. */
export const CONTACT_ROLES = ['first_name', 'last_name', 'full_name', 'phone', 'city', 'postcode'] as const satisfies readonly Role[];

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

/** role -> source column name. */
export type ColumnMapping = Partial<Record<Role, string>>;

/**
 * Header names per role, already normalised (lower case, accents and punctuation removed):
 * English, German, French, Spanish, Italian, Dutch, Portuguese and Indonesian.
 */
export const HEADER_SYNONYMS: Record<Role, readonly string[]> = {
  invoice: [
    'invoiceno', 'invoice', 'invoicenumber', 'invoiceid', 'invoicenr', 'orderid', 'order', 'ordernumber',
    'orderno', 'ordernr', 'transactionid', 'transaction', 'transactionno', 'receipt', 'receiptno', 'receiptid',
    'receiptnumber', 'billno', 'billnumber', 'ticket', 'ticketno', 'basket', 'basketid', 'rechnung',
    'rechnungsnr', 'rechnungsnummer', 'bestellnummer', 'bestellnr', 'bestellung', 'auftragsnummer', 'belegnummer',
    'belegnr', 'beleg', 'bonnummer', 'bon', 'facture', 'numerofacture', 'nfacture', 'commande',
    'numerocommande', 'ncommande', 'factura', 'numfactura', 'numerofactura', 'pedido', 'numeropedido',
    'idpedido', 'fattura', 'numerofattura', 'ordine', 'numeroordine', 'factuur', 'factuurnummer',
    'bestelnummer', 'ordernummer', 'bonnr', 'faktur', 'nofaktur', 'nomorfaktur', 'nomorpesanan', 'nopesanan',
    'pesanan', 'idpesanan', 'nota', 'nonota', 'nomornota', 'nomortransaksi', 'notransaksi', 'idtransaksi',
    'transaksi', 'struk', 'nostruk', 'kwitansi', 'invoiceref', 'docnumber', 'documentno',
  ],
  customer: [
    'customerid', 'customer', 'customerno', 'customernumber', 'customernr', 'customercode', 'custid', 'custno',
    'clientid', 'client', 'clientno', 'buyer', 'buyerid', 'memberid', 'member', 'membershipno', 'userid',
    'accountid', 'account', 'shopperid', 'kunde', 'kundennummer', 'kundenid', 'kundennr', 'kundenummer',
    'idclient', 'numeroclient', 'codeclient', 'nclient', 'cliente', 'idcliente', 'numerocliente',
    'codcliente', 'codigocliente', 'clienteid', 'codicecliente', 'klant', 'klantnummer', 'klantid', 'klantnr',
    'pelanggan', 'idpelanggan', 'kodepelanggan', 'nopelanggan', 'pembeli', 'idpembeli', 'idmember', 'konsumen',
  ],
  date: [
    'invoicedate', 'date', 'orderdate', 'transactiondate', 'datetime', 'timestamp', 'purchasedate', 'saledate',
    'salesdate', 'created', 'createdat', 'orderdatetime', 'receiptdate', 'time', 'datum', 'rechnungsdatum',
    'bestelldatum', 'belegdatum', 'kaufdatum', 'verkaufsdatum', 'datefacture', 'datecommande', 'dateachat',
    'fecha', 'fechapedido', 'fechafactura', 'fechacompra', 'data', 'dataordine', 'datafattura', 'datacompra',
    'datapedido', 'factuurdatum', 'besteldatum', 'orderdatum', 'tanggal', 'tanggaltransaksi', 'tanggalpesanan',
    'tanggalfaktur', 'tgl', 'tgltransaksi', 'waktu', 'waktutransaksi',
  ],
  sku: [
    'stockcode', 'sku', 'productid', 'productcode', 'productno', 'itemid', 'itemcode', 'itemno', 'itemnumber',
    'article', 'articleno', 'articlenumber', 'articleid', 'artno', 'partnumber', 'partno', 'artikel',
    'artikelnummer', 'artikelnr', 'artikelid', 'produktid', 'produktnummer', 'ean', 'gtin', 'barcode', 'upc',
    'plu', 'reference', 'ref', 'refproduit', 'codearticle', 'codeproduit', 'referencia', 'codigo',
    'codigoproducto', 'codigoarticulo', 'idproducto', 'codice', 'codiceprodotto', 'codicearticolo',
    'artikelcode', 'productnummer', 'kodebarang', 'kodeproduk', 'idproduk', 'idbarang', 'kodeitem',
  ],
  description: [
    'description', 'productname', 'itemname', 'product', 'name', 'title', 'itemdescription',
    'productdescription', 'productdesc', 'desc', 'item', 'beschreibung', 'bezeichnung', 'artikelbezeichnung',
    'artikelname', 'produkt', 'produktname', 'libelle', 'designation', 'nomproduit', 'produit', 'article',
    'descripcion', 'nombreproducto', 'producto', 'articulo', 'descrizione', 'prodotto', 'nomeprodotto',
    'articolo', 'omschrijving', 'productnaam', 'artikelomschrijving', 'namaproduk', 'namabarang', 'deskripsi',
    'produk', 'barang', 'namaitem', 'descricao', 'nomedoproduto',
  ],
  quantity: [
    'quantity', 'qty', 'units', 'unitssold', 'quantitysold', 'count', 'pieces', 'pcs', 'menge', 'anzahl',
    'stuck', 'stueck', 'stuckzahl', 'quantite', 'qte', 'cantidad', 'cant', 'quantita', 'qta', 'aantal',
    'jumlah', 'kuantitas', 'qtybeli', 'jumlahbarang', 'quantidade', 'qtd',
  ],
  unit_price: [
    'unitprice', 'price', 'priceeach', 'unitcost', 'itemprice', 'priceperunit', 'salesprice', 'sellingprice',
    'preis', 'einzelpreis', 'stuckpreis', 'stueckpreis', 'verkaufspreis', 'prix', 'prixunitaire', 'pu',
    'precio', 'preciounitario', 'prezzo', 'prezzounitario', 'prijs', 'stukprijs', 'eenheidsprijs', 'harga',
    'hargasatuan', 'hargaunit', 'hargajual', 'preco', 'precounitario',
  ],
  line_total: [
    'total', 'linetotal', 'amount', 'lineamount', 'sales', 'revenue', 'subtotal', 'totalprice', 'totalamount',
    'value', 'netamount', 'grossamount', 'salesamount', 'linevalue', 'gesamt', 'gesamtpreis', 'betrag',
    'umsatz', 'summe', 'montant', 'montanttotal', 'totalttc', 'importe', 'importetotal', 'totale', 'importo',
    'bedrag', 'totaal', 'omzet', 'totalharga', 'jumlahharga', 'nilai', 'totalbayar', 'valortotal',
  ],
  country: ['country', 'countryname', 'countrycode', 'land', 'pays', 'pais', 'paese', 'negara', 'shipcountry'],
  email: [
    'email', 'emailaddress', 'mail', 'customeremail', 'emailadresse', 'correo', 'correoelectronico',
    'courriel', 'adressemail', 'posta', 'surel', 'alamatemail',
  ],
  category: [
    'category', 'productcategory', 'categoryname', 'department', 'productgroup', 'group', 'family',
    'kategorie', 'warengruppe', 'produktgruppe', 'categorie', 'famille', 'rayon', 'categoria', 'familia',
    'reparto', 'productgroep', 'groep', 'kategori', 'kategoriproduk', 'jenis',
  ],
  // Contact roles: no bare "name" (a product's name) and no short words that occur inside
  // other headers ("nome" in "nomeprodotto"); names of four or more letters also match as parts.
  first_name: [
    'firstname', 'givenname', 'forename', 'customerfirstname', 'billingfirstname', 'vorname', 'prenom',
    'primernombre', 'voornaam', 'namadepan', 'primeironome',
  ],
  last_name: [
    'lastname', 'surname', 'familyname', 'customerlastname', 'billinglastname', 'nachname', 'familienname',
    'nomdefamille', 'apellido', 'apellidos', 'cognome', 'achternaam', 'namabelakang', 'sobrenome',
  ],
  full_name: [
    'fullname', 'customername', 'clientname', 'buyername', 'contactname', 'billingname', 'shippingname', 'membername',
    'kundenname', 'nomcomplet', 'nomclient', 'nombrecompleto', 'nombrecliente', 'nomecompleto', 'nomecliente',
    'klantnaam', 'volledigenaam', 'namalengkap', 'namapelanggan', 'namapembeli',
  ],
  phone: [
    'phone', 'phonenumber', 'telephone', 'tel', 'telno', 'mobile', 'mobilephone', 'mobilenumber', 'cellphone',
    'contactnumber', 'telefon', 'telefonnummer', 'handy', 'handynummer', 'portable', 'telefono', 'movil', 'celular',
    'cellulare', 'telefoon', 'telefoonnummer', 'mobiel', 'telepon', 'notelp', 'nohp', 'hp', 'whatsapp',
  ],
  city: [
    'city', 'town', 'stadt', 'ort', 'wohnort', 'ville', 'ciudad', 'localidad', 'citta', 'comune', 'plaats',
    'woonplaats', 'kota', 'cidade',
  ],
  postcode: [
    'postcode', 'postalcode', 'zip', 'zipcode', 'postleitzahl', 'plz', 'codepostal', 'cp', 'codigopostal', 'cap',
    'postcodigo', 'kodepos', 'cep', 'postnummer',
  ],
};

/** Lower case, accents stripped, everything but letters and digits removed. */
export function normaliseHeader(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]/g, '');
}
