console.log("hashed fixture");
